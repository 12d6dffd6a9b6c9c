using System.Diagnostics;
using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Core.Okta.Json;
using Ferry.Core.Telemetry;
using Ferry.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Ferry.Core.Telemetry.FerryTelemetry;

namespace Ferry.Core.Tests.Telemetry;

/// <summary>Ferry's spans and metrics from the real Okta and Auth0 clients against the sandbox, collected in-process.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class FerryTelemetryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static CreateUserBody User(string login) => new(
        new Dictionary<string, string> { ["login"] = login, ["email"] = login, ["firstName"] = "Jane", ["lastName"] = "Doe" },
        new CredentialsBody(new PasswordBody("Secret-Passw0rd!", null)),
        null);

    [Fact]
    public async Task OktaCalls_AreChildSpansOfTheJobSpan_TaggedByBucketStatusAndErrorCode_NeverByLogin()
    {
        using var collector = new TelemetryCollector();
        await using var harness = await OktaHarness.StartAsync();
        var okta = harness.CreateClient();

        Activity? batch;
        using (batch = StartJobSpan(Spans.Batch, "job-telemetry-1"))
        {
            await okta.CreateUserAsync(User("jane.doe@example.com"), activate: false, expirePassword: false, Cancel);
            await okta.CreateUserAsync(User("JANE.DOE@example.com"), activate: false, expirePassword: false, Cancel);
            await okta.GetUserAsync("nobody.here@example.com", Cancel);
        }

        Assert.NotNull(batch);
        var calls = collector.Under(batch).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, span =>
        {
            Assert.Equal(Spans.OktaRequest, span.OperationName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(batch.SpanId, span.ParentSpanId);
            Assert.Equal("job-telemetry-1", span.GetTagItem(Tags.JobId));
            Assert.Equal(FerryTelemetry.Okta, span.GetTagItem(Tags.Provider));
        });
        Assert.Equal(("users", "POST", 200, (string?)null), Describe(calls[0]));
        Assert.Equal(("users", "POST", 400, "E0000001"), Describe(calls[1]));
        Assert.Equal(("userGet", "GET", 404, "E0000007"), Describe(calls[2]));
        Assert.Equal(ActivityStatusCode.Unset, calls[0].Status);
        Assert.Equal(ActivityStatusCode.Error, calls[2].Status);
        AssertNoRowData(calls.Append(batch));

        var sent = collector.Of(Instruments.Calls).Where(m => m.Tags[Tags.Provider] == FerryTelemetry.Okta).ToList();
        Assert.Equal(3, sent.Sum(m => m.Value));
        Assert.Equal(2, sent.Where(m => m.Tags[Tags.Bucket] == "users").Sum(m => m.Value));
        Assert.Contains(sent, m => m.Tags[Tags.Bucket] == "userGet" && m.Tags[Tags.Status] == "404");

        collector.Observe();
        var limit = Assert.Single(collector.Of(Instruments.BudgetLimit), m => m.Tags[Tags.Bucket] == "users");
        var remaining = Assert.Single(collector.Of(Instruments.BudgetRemaining), m => m.Tags[Tags.Bucket] == "users");
        Assert.True(limit.Value > 0);
        Assert.InRange(remaining.Value, 0, limit.Value - 1);
    }

    [Fact]
    public async Task OktaThrottles_AreCounted_PerBucket()
    {
        using var collector = new TelemetryCollector();
        await using var harness = await OktaHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Faults:ThrottleRate"] = "0.3",
            ["Sandbox:Faults:Seed"] = "7",
            ["Sandbox:RateLimit:Window"] = "00:00:01",
        });
        var metrics = new OktaCallMetrics();
        var okta = harness.CreateClient(metrics);

        for (var i = 0; i < 10; i++)
        {
            Assert.False((await okta.CreateUserAsync(User($"u{i}@example.com"), false, false, Cancel)).Failed);
        }

        var throttled = collector.Of(Instruments.Throttled);
        Assert.Equal(metrics.Snapshot()["users"].Throttled, throttled.Where(m => m.Tags[Tags.Bucket] == "users").Sum(m => m.Value));
        Assert.True(throttled.Sum(m => m.Value) > 0);
        Assert.Contains(collector.Of(Instruments.Calls), m => m.Tags[Tags.Status] == "429");
        Assert.Equal(metrics.Snapshot()["users"].Requests, collector.Of(Instruments.Calls).Where(m => m.Tags[Tags.Bucket] == "users").Sum(m => m.Value));
    }

    [Fact]
    public async Task Auth0Calls_AreSpansByEndpointTemplate_WithStatus_AndCounted()
    {
        using var collector = new TelemetryCollector();
        await using var sandbox = await SandboxHost.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth0:Domain"] = sandbox.BaseAddress.ToString(),
            ["Auth0:ClientId"] = sandbox.Auth0Options.ClientId,
            ["Auth0:ClientSecret"] = sandbox.Auth0Options.ClientSecret,
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAuth0().BuildServiceProvider();
        var auth0 = services.GetRequiredService<Auth0Client>();

        Activity? post;
        using (post = StartJobSpan(Spans.Auth0ChunkPost, "job-telemetry-2"))
        {
            Assert.False((await auth0.FindConnectionAsync(sandbox.Auth0Options.ConnectionName, null, Cancel)).Failed);
            await auth0.UsersByEmailAsync("jane.doe@example.com", null, Cancel);
        }

        Assert.NotNull(post);
        var calls = collector.Under(post);
        Assert.NotEmpty(calls);
        Assert.All(calls, span =>
        {
            Assert.Equal(Spans.Auth0Request, span.OperationName);
            Assert.Equal(post.SpanId, span.ParentSpanId);
            Assert.Equal("job-telemetry-2", span.GetTagItem(Tags.JobId));
            Assert.Equal(200, span.GetTagItem(Tags.HttpStatusCode));
        });
        Assert.Contains(calls, s => (string?)s.GetTagItem(Tags.Endpoint) == "GET /api/v2/connections");
        Assert.Contains(calls, s => (string?)s.GetTagItem(Tags.Endpoint) == "GET /api/v2/users-by-email");
        AssertNoRowData(calls);
        Assert.Equal(calls.Count, collector.Of(Instruments.Calls).Where(m => m.Tags[Tags.Provider] == FerryTelemetry.Auth0).Sum(m => m.Value));
    }

    [Fact]
    public void Rows_AreCountedByTargetActionAndErrorCode()
    {
        using var collector = new TelemetryCollector();

        CountRow(FerryTelemetry.Okta, "created", null);
        CountRow(FerryTelemetry.Okta, "failed", "E0000001");

        var rows = collector.Of(Instruments.Rows);
        Assert.Equal(2, rows.Sum(m => m.Value));
        Assert.Contains(rows, m => m.Tags[Tags.Target] == FerryTelemetry.Okta && m.Tags[Tags.Action] == "failed" && m.Tags[Tags.ErrorCode] == "E0000001");
    }

    private static (string?, string?, int?, string?) Describe(Activity span) =>
        ((string?)span.GetTagItem(Tags.Bucket), (string?)span.GetTagItem(Tags.HttpMethod), (int?)span.GetTagItem(Tags.HttpStatusCode), (string?)span.GetTagItem(Tags.OktaErrorCode));

    private static void AssertNoRowData(IEnumerable<Activity> spans)
    {
        foreach (var span in spans)
        {
            var text = string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName).Append(span.StatusDescription ?? string.Empty));
            Assert.DoesNotContain("@", text, StringComparison.Ordinal);
            Assert.DoesNotContain("jane", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("nobody", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        }
    }
}
