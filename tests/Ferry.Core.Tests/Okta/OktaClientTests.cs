using Ferry.Core.Okta;
using Ferry.Core.Okta.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Tests.Okta;

/// <summary>Ferry's Okta client over real HTTP against the sandbox, through the whole handler pipeline.</summary>
public sealed class OktaClientTests
{
    private static CreateUserBody User(string login, string? password = null, IReadOnlyList<string>? groups = null) => new(
        new Dictionary<string, string> { ["login"] = login, ["email"] = login, ["firstName"] = "Test", ["lastName"] = "User" },
        password is null ? null : new CredentialsBody(new PasswordBody(password, null)),
        groups);

    [Fact]
    public async Task CreateUser_ThenDuplicate_IsRecognisedAsDuplicateLogin()
    {
        await using var harness = await OktaHarness.StartAsync();
        var okta = harness.CreateClient();

        var created = await okta.CreateUserAsync(User("jane@example.com"), activate: false, expirePassword: false, CancellationToken.None);
        var duplicate = await okta.CreateUserAsync(User("JANE@example.com"), activate: false, expirePassword: false, CancellationToken.None);

        Assert.False(created.Failed);
        Assert.Equal("STAGED", created.Value!.Status);
        Assert.Equal(1, created.Attempts);
        Assert.True(duplicate.Failed);
        Assert.Equal(OktaFailureKind.Rejected, duplicate.Failure.Kind);
        Assert.True(duplicate.Failure.IsDuplicateLogin);
        Assert.Equal(400, duplicate.Failure.StatusCode);
    }

    [Fact]
    public async Task GetUser_ByLogin_AndUnknownIsNotFound()
    {
        await using var harness = await OktaHarness.StartAsync();
        var okta = harness.CreateClient();
        var created = await okta.CreateUserAsync(User("jane@example.com"), false, false, CancellationToken.None);

        var found = await okta.GetUserAsync("jane@example.com", CancellationToken.None);
        var missing = await okta.GetUserAsync("nobody@example.com", CancellationToken.None);

        Assert.Equal(created.Value!.Id, found.Value!.Id);
        Assert.Equal("jane@example.com", found.Value.ProfileText("login"));
        Assert.Equal(OktaFailureKind.NotFound, missing.Failure!.Kind);
        Assert.Equal("E0000007", missing.Failure.ErrorCode);
    }

    [Fact]
    public async Task GetUser_WithSlashInLogin_UsesSearch()
    {
        await using var harness = await OktaHarness.StartAsync(new Dictionary<string, string?> { ["Sandbox:Profile:LoginMustBeEmail"] = "false" });
        var okta = harness.CreateClient();
        var body = User("dept/jane") with { Profile = new Dictionary<string, string> { ["login"] = "dept/jane", ["email"] = "jane@example.com", ["firstName"] = "J", ["lastName"] = "D" } };
        var created = await okta.CreateUserAsync(body, false, false, CancellationToken.None);

        var found = await okta.GetUserAsync("dept/jane", CancellationToken.None);

        Assert.Equal(created.Value!.Id, found.Value!.Id);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_UntilTheCallSucceeds()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:ServerErrorRate"] = "0.3", ["Sandbox:Faults:Seed"] = "3" },
            new Dictionary<string, string?> { ["Okta:MaxRetries"] = "8" });
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);

        var results = new List<OktaResult<IReadOnlyList<OktaGroup>>>();
        for (var i = 0; i < 20; i++)
        {
            results.Add(await okta.FindGroupsByNameAsync($"Group {i}", CancellationToken.None));
        }

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.Contains(results, r => r.Attempts > 1);
        Assert.Equal(results.Sum(r => r.Attempts), metrics.Snapshot()["groups"].Requests);
        Assert.True((long)(await harness.Sandbox.GetStatsAsync())["serverErrors"]! > 0);
    }

    [Fact]
    public async Task ServerErrorAfterTheCreateWasApplied_RetriesIntoADuplicate_ThatTheCallerCanResolve()
    {
        // A 5xx or reset can come after Okta applied the create: the retry then meets "already exists". That is why
        // RowProcessor resolves duplicates by looking the user up (see RowProcessorTests).
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:ServerErrorRate"] = "0.5", ["Sandbox:Faults:Seed"] = "11" },
            new Dictionary<string, string?> { ["Okta:MaxRetries"] = "8" });
        var okta = harness.CreateClient();

        var results = new List<OktaResult<OktaGroup>>();
        for (var i = 0; i < 20; i++)
        {
            results.Add(await okta.CreateGroupAsync($"Group {i}", CancellationToken.None));
        }

        Assert.All(results.Where(r => r.Failed), r => Assert.True(r.Failure!.IsDuplicateName));
        Assert.Equal(21, (int)(await harness.Sandbox.GetStatsAsync())["groups"]!);
    }

    [Fact]
    public async Task SpuriousThrottles_AreWaitedOut_NotFailed()
    {
        await using var harness = await OktaHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Faults:ThrottleRate"] = "0.2",
            ["Sandbox:RateLimit:Window"] = "00:00:01",
        });
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);

        var results = new List<OktaResult<OktaUser>>();
        for (var i = 0; i < 15; i++)
        {
            results.Add(await okta.CreateUserAsync(User($"u{i}@example.com"), false, false, CancellationToken.None));
        }

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.True(metrics.Snapshot()["users"].Throttled > 0);
    }

    [Fact]
    public async Task BucketLimit_IsLearned_AndPacedWithoutA429()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:RateLimit:Limits:users"] = "10", ["Sandbox:RateLimit:Window"] = "00:00:01" },
            new Dictionary<string, string?> { ["Ferry:Budget:Window"] = "00:00:01", ["Ferry:Budget:Share"] = "0.5" });
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            okta.CreateUserAsync(User($"u{i}@example.com"), false, false, CancellationToken.None)));

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.Equal(0, metrics.Snapshot()["users"].Throttled);
        Assert.Equal(0, (long)(await harness.Sandbox.GetStatsAsync())["throttled"]!);
    }

    [Fact]
    public async Task ConcurrencyLimit429s_ShrinkFerrysConcurrency_AndEveryCallSucceeds()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Concurrency"] = "3", ["Sandbox:Latency:Mean"] = "00:00:00.100", ["Sandbox:RateLimit:Multiplier"] = "100" },
            new Dictionary<string, string?> { ["Ferry:Budget:Concurrency"] = "10", ["Ferry:Budget:ConcurrencyBackoff"] = "00:00:00.200" });
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);
        await okta.CreateGroupAsync("warm-up", CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => okta.CreateGroupAsync($"G{i}", CancellationToken.None)));

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.True((long)(await harness.Sandbox.GetStatsAsync())["concurrencyThrottled"]! > 0);
    }

    [Fact]
    public async Task SlowResponses_HitTheAttemptTimeout_AndEndTransient()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:SlowRate"] = "1", ["Sandbox:Faults:SlowDelay"] = "00:00:05" },
            new Dictionary<string, string?> { ["Okta:AttemptTimeout"] = "00:00:00.300", ["Okta:MaxRetries"] = "1" });
        var okta = harness.CreateClient();

        var result = await okta.GetUserAsync("anyone@example.com", CancellationToken.None);

        Assert.Equal(OktaFailureKind.Transient, result.Failure!.Kind);
        Assert.Contains("attempt timeout", result.Failure.Summary, StringComparison.Ordinal);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task DroppedConnections_AreRetried()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:ResetRate"] = "0.3", ["Sandbox:Faults:Seed"] = "5" },
            new Dictionary<string, string?> { ["Okta:MaxRetries"] = "8" });
        var okta = harness.CreateClient();

        var results = new List<OktaResult<IReadOnlyList<OktaGroup>>>();
        for (var i = 0; i < 15; i++)
        {
            results.Add(await okta.FindGroupsByNameAsync("Everyone", CancellationToken.None));
        }

        Assert.All(results, r => Assert.False(r.Failed));
        Assert.Contains(results, r => r.Attempts > 1);
    }

    [Fact]
    public async Task PersistentServerErrors_OpenTheCircuit_AndCallsFailFast()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:ServerErrorRate"] = "1" },
            new Dictionary<string, string?> { ["Okta:MaxRetries"] = "1" });
        var okta = harness.CreateClient();

        var results = new List<OktaResult<OktaUser>>();
        for (var i = 0; i < 25; i++)
        {
            results.Add(await okta.GetUserAsync("x@example.com", CancellationToken.None));
        }

        Assert.All(results, r => Assert.Equal(OktaFailureKind.Transient, r.Failure!.Kind));
        Assert.Contains(results, r => r.Failure!.Summary.Contains("circuit open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongToken_IsUnauthorized()
    {
        await using var harness = await OktaHarness.StartAsync(ferry: new Dictionary<string, string?> { ["Okta:ApiToken"] = "wrong" });
        var okta = harness.CreateClient();

        var result = await okta.GetUserAsync("x@example.com", CancellationToken.None);

        Assert.Equal(OktaFailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal("E0000011", result.Failure.ErrorCode);
    }

    [Fact]
    public async Task Groups_FoundByExactNameIgnoringCase_AndListedAcrossPages()
    {
        await using var harness = await OktaHarness.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "100" });
        var okta = harness.CreateClient();
        for (var i = 0; i < 1005; i++)
        {
            Assert.False((await okta.CreateGroupAsync($"Team {i:D4}", CancellationToken.None)).Failed);
        }

        var exact = await okta.FindGroupsByNameAsync("team 0007", CancellationToken.None);
        var all = await okta.ListOktaGroupsAsync(CancellationToken.None);

        Assert.Equal("Team 0007", Assert.Single(exact.Value!).Profile.Name);
        Assert.Equal(1005, all.Value!.Count);
        Assert.True(all.Attempts >= 2);
    }

    [Theory]
    [InlineData("http://acme.okta.com", false)]
    [InlineData("https://acme.okta.com", true)]
    [InlineData("http://127.0.0.1:8089", true)]
    [InlineData("http://localhost:8089", true)]
    public async Task OrgUrl_MustBeHttpsExceptLoopback(string url, bool accepted)
    {
        await using var harness = await OktaHarness.StartAsync(ferry: new Dictionary<string, string?> { ["Okta:OrgUrl"] = url });

        var read = () => harness.Services.GetRequiredService<IOptions<OktaOptions>>().Value;

        if (accepted)
        {
            Assert.Equal(new Uri(url), read().OrgUrl);
        }
        else
        {
            Assert.Contains("https", Assert.Throws<OptionsValidationException>(read).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeactivateThenDelete_RemovesTheUser_OnTheirBuckets_AndADeleteAfterIsNotFound()
    {
        await using var harness = await OktaHarness.StartAsync();
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);
        var created = await okta.CreateUserAsync(User("jane@example.com", "Xyzzy1234"), activate: true, expirePassword: false, CancellationToken.None);

        var read = await okta.GetUserAsync(created.Value!.Id, CancellationToken.None);
        var deactivated = await okta.DeactivateAsync(created.Value.Id, CancellationToken.None);
        var deleted = await okta.DeleteUserAsync(created.Value.Id, CancellationToken.None);
        var gone = await okta.GetUserAsync(created.Value.Id, CancellationToken.None);
        var again = await okta.DeleteUserAsync(created.Value.Id, CancellationToken.None);

        Assert.Equal("ACTIVE", read.Value!.Status);
        Assert.NotNull(read.Value.LastUpdated);
        Assert.NotNull(read.Value.StatusChanged);
        Assert.Null(read.Value.LastLogin);
        Assert.False(deactivated.Failed);
        Assert.False(deleted.Failed);
        Assert.Equal(OktaFailureKind.NotFound, gone.Failure!.Kind);
        Assert.Equal(OktaFailureKind.NotFound, again.Failure!.Kind);
        var calls = metrics.Snapshot();
        Assert.Equal(1, calls["other"].Requests); // lifecycle/deactivate
        Assert.Equal(2, calls["userUpdate"].Requests); // DELETE /api/v1/users/{id}
    }

    [Fact]
    public async Task DeleteUser_OfAnActiveUser_OnlyDeactivatesIt_AsOkta()
    {
        await using var harness = await OktaHarness.StartAsync();
        var okta = harness.CreateClient();
        var created = await okta.CreateUserAsync(User("jane@example.com"), activate: false, expirePassword: false, CancellationToken.None);

        var deleted = await okta.DeleteUserAsync(created.Value!.Id, CancellationToken.None);
        var read = await okta.GetUserAsync(created.Value.Id, CancellationToken.None);

        Assert.False(deleted.Failed);
        Assert.Equal("DEPROVISIONED", read.Value!.Status);
    }

    [Fact]
    public async Task ListGroupMembers_ThenDeleteGroup_OnTheGroupByIdBucket()
    {
        await using var harness = await OktaHarness.StartAsync();
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);
        var group = await okta.CreateGroupAsync("Sales", CancellationToken.None);
        var user = await okta.CreateUserAsync(User("jane@example.com", groups: [group.Value!.Id]), activate: false, expirePassword: false, CancellationToken.None);

        var members = await okta.ListGroupMembersAsync(group.Value.Id, 10, CancellationToken.None);
        var deleted = await okta.DeleteGroupAsync(group.Value.Id, CancellationToken.None);
        var after = await okta.ListGroupMembersAsync(group.Value.Id, 10, CancellationToken.None);

        Assert.Equal([user.Value!.Id], members.Value!.Select(m => m.Id));
        Assert.False(deleted.Failed);
        Assert.Equal(OktaFailureKind.NotFound, after.Failure!.Kind);
        Assert.Equal(1, metrics.Snapshot()["groupById"].Requests);
    }
}
