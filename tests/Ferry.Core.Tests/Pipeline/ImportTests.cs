using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Jobs;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Tests.Pipeline;

/// <summary>Imports end to end: CSV → plan → groups → users → activation → reports, against the sandbox over HTTP.</summary>
public sealed class ImportTests
{
    [Fact]
    public async Task OktaGuideFormat_ImportsWithNoMapping_CreatingGroupsFirst()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "First Name,Last Name,Email Address,Groups\r\n" +
            "John,Smith,john.smith@example.com,\"All Employees, Sales, Northeast\"\r\n" +
            "Jane,Doe,jane.doe@example.com,All Employees\r\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal("completed", run.Summary.Outcome);
        Assert.Equal(3, run.Summary.Groups.Created);
        Assert.Equal(2, run.Summary.Actions[RowAction.Created]);
        var results = run.Results;
        Assert.Equal(["john.smith@example.com", "jane.doe@example.com"], results.Select(r => r["login"]));
        Assert.All(results, r => Assert.Equal("STAGED", r["status"]));
        Assert.Equal("All Employees;Sales;Northeast", results[0]["groups"]);
        Assert.Equal(["All Employees", "Sales", "Northeast"], await PipelineRun.GroupNamesOfAsync(harness, "john.smith@example.com"));
        Assert.Equal(0, (int)(await harness.Sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task PowerShellSeedFormat_ImportsPasswordsAndGroupIds()
    {
        await using var harness = await OktaHarness.StartAsync();
        var group = (await harness.CreateClient().CreateGroupAsync("Contractors", CancellationToken.None)).Value!.Id;
        var csv = "login,email, firstName, lastName,password,groupId\n" +
            $"ann@example.com,ann@example.com,Ann,Lee,Sup3rSecret!,{group}\n" +
            $"bob@example.com,bob@example.com,Bob,Ray,,{group}\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Activation = ActivationMode.Activate });

        var ann = await PipelineRun.UserAsync(harness, "ann@example.com");
        var bob = await PipelineRun.UserAsync(harness, "bob@example.com");
        Assert.Equal("ACTIVE", (string?)ann["status"]);
        Assert.Equal("PROVISIONED", (string?)bob["status"]);
        Assert.Equal(["Contractors"], await PipelineRun.GroupNamesOfAsync(harness, "bob@example.com"));
        Assert.Equal([RowAction.Activated, RowAction.Activated], run.Results.Select(r => r["action"]));
        Assert.Equal(["ACTIVE", "PROVISIONED"], run.Results.Select(r => r["status"]));
        Assert.Equal(0, (int)(await harness.Sandbox.GetStatsAsync())["emailsSent"]!);
        Assert.DoesNotContain("Sup3rSecret!", run.ResultsText + run.FailedText + run.SummaryText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivateWithEmail_EmailsOnlyUsersWithoutPasswords()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName,password\nann@example.com,Ann,Lee,Sup3rSecret!\nbob@example.com,Bob,Ray,\ncy@example.com,Cy,Young,\n";

        await PipelineRun.RunAsync(harness, csv, new JobOptions { Activation = ActivationMode.ActivateWithEmail });

        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(2, (int)stats["emailsSent"]!);
        Assert.Equal(1, (int)stats["usersByStatus"]!["ACTIVE"]!);
        Assert.Equal(2, (int)stats["usersByStatus"]!["PROVISIONED"]!);
    }

    [Fact]
    public async Task NextLoginChangePassword_ExpiresImportedPasswords()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName,password\nann@example.com,Ann,Lee,Sup3rSecret!\nbob@example.com,Bob,Ray,\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Activation = ActivationMode.Activate, ExpirePasswordOnFirstLogin = true });

        Assert.Equal("PASSWORD_EXPIRED", (string?)(await PipelineRun.UserAsync(harness, "ann@example.com"))["status"]);
        Assert.Equal("PROVISIONED", (string?)(await PipelineRun.UserAsync(harness, "bob@example.com"))["status"]);
        Assert.Equal(["PASSWORD_EXPIRED", "PROVISIONED"], run.Results.Select(r => r["status"]));
    }

    public static TheoryData<string> HashRows => new()
    {
        "BCRYPT,qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna,rwh3vH166HCH/NT9XV5FYu,,10,,,",
        $"SHA-512,{Convert.ToBase64String(SHA512.HashData("saltpw"u8))},{Convert.ToBase64String("salt"u8)},PREFIX,,,,",
        $"SHA-256,{Convert.ToBase64String(SHA256.HashData("pw"u8))},,,,,,",
        $"SHA-1,{Convert.ToBase64String(SHA1.HashData("pwsalt"u8))},{Convert.ToBase64String("salt"u8)},POSTFIX,,,,",
        $"MD5,{Convert.ToBase64String(MD5.HashData("pw"u8))},,,,,,",
        $"PBKDF2,{Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2("pw"u8, "saltsalt"u8, 4096, HashAlgorithmName.SHA256, 32))},{Convert.ToBase64String("saltsalt"u8)},,,4096,32,SHA256_HMAC",
    };

    [Theory]
    [MemberData(nameof(HashRows))]
    public async Task ImportedHash_EveryAlgorithm_ActivatesWithImportProvider(string hashCells)
    {
        await using var harness = await OktaHarness.StartAsync();
        var csv = "email,firstName,lastName,hashAlgorithm,hashValue,salt,saltOrder,workFactor,iterationCount,keySize,digestAlgorithm\n" +
            $"hash@example.com,Has,Hed,{hashCells}\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Activation = ActivationMode.Activate });

        var user = await PipelineRun.UserAsync(harness, "hash@example.com");
        Assert.Equal("ACTIVE", (string?)user["status"]);
        Assert.Equal("IMPORT", (string?)user["credentials"]!["provider"]!["type"]);
        var hashValue = hashCells.Split(',')[1];
        Assert.DoesNotContain(hashValue, run.ResultsText + run.FailedText + run.SummaryText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreThanTwentyGroups_FirstTwentyOnCreate_RestByMembership()
    {
        await using var harness = await OktaHarness.StartAsync();
        var groups = string.Join(';', Enumerable.Range(1, 25).Select(i => $"Team {i:D2}"));
        var csv = $"email,firstName,lastName,groups\nwide@example.com,Wi,De,\"{groups}\"\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal(25, (await PipelineRun.GroupNamesOfAsync(harness, "wide@example.com")).Count);
        Assert.Equal(25, run.Results.Single()["groups"].Split(';').Length);
        Assert.Equal(5, run.Summary.Calls["other"].Requests);
    }

    [Fact]
    public async Task EveryoneGroup_IsSkipped_AndOtherGroupsStillAssigned()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName,groups\nann@example.com,Ann,Lee,Everyone;Sales\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal(RowAction.Created, run.Results.Single()["action"]);
        Assert.Equal("Sales", run.Results.Single()["groups"]);
        Assert.Equal(1, run.Summary.Groups.Implied);
    }

    [Fact]
    public async Task CreateMissingGroupsFalse_RowsNamingMissingGroupsFail_OthersProceed()
    {
        await using var harness = await OktaHarness.StartAsync();
        await harness.CreateClient().CreateGroupAsync("Sales", CancellationToken.None);
        const string csv = "email,firstName,lastName,groups\nann@example.com,Ann,Lee,Sales\nbob@example.com,Bob,Ray,Ghosts\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { CreateMissingGroups = false });

        Assert.Equal([RowAction.Created, RowAction.Failed], run.Results.Select(r => r["action"]));
        Assert.Equal(RowErrorCodes.GroupUnavailable, run.Results[1]["errorCode"]);
        Assert.Contains("Ghosts", run.Results[1]["errorSummary"], StringComparison.Ordinal);
        Assert.Equal(2, (int)(await harness.Sandbox.GetStatsAsync())["groups"]!);
        Assert.Equal("bob@example.com", run.Failed.Single()["login"]);
    }

    [Theory]
    [InlineData(ExistingUserPolicy.Skip, RowAction.Skipped, "Old", false)]
    [InlineData(ExistingUserPolicy.AddGroups, RowAction.Existing, "Old", true)]
    [InlineData(ExistingUserPolicy.Update, RowAction.Updated, "New", true)]
    [InlineData(ExistingUserPolicy.Fail, RowAction.Failed, "Old", false)]
    public async Task ExistingUsers_FollowThePolicy(ExistingUserPolicy policy, string action, string expectedFirstName, bool inGroup)
    {
        await using var harness = await OktaHarness.StartAsync();
        using (var client = harness.Sandbox.CreateClient())
        {
            await client.PostAsync(
                new Uri("/api/v1/users?activate=false", UriKind.Relative),
                new StringContent("""{"profile":{"firstName":"Old","lastName":"Name","email":"ann@example.com","login":"ann@example.com"}}""", Encoding.UTF8, "application/json"));
        }

        const string csv = "email,firstName,lastName,groups\nann@example.com,New,Name,Sales\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { ExistingUsers = policy });

        var row = run.Results.Single();
        Assert.Equal(action, row["action"]);
        Assert.Equal(expectedFirstName, (string?)(await PipelineRun.UserAsync(harness, "ann@example.com"))["profile"]!["firstName"]);
        Assert.Equal(inGroup, (await PipelineRun.GroupNamesOfAsync(harness, "ann@example.com")).Contains("Sales"));
        Assert.Equal(1, (int)(await harness.Sandbox.GetStatsAsync())["users"]!);
        if (policy == ExistingUserPolicy.Fail)
        {
            Assert.Equal("E0000001", row["errorCode"]);
        }
    }

    [Fact]
    public async Task DryRun_MakesNoWrites_AndSaysWhatWouldHappen()
    {
        await using var harness = await OktaHarness.StartAsync();
        using (var client = harness.Sandbox.CreateClient())
        {
            await client.PostAsync(
                new Uri("/api/v1/users?activate=false", UriKind.Relative),
                new StringContent("""{"profile":{"firstName":"A","lastName":"B","email":"old@example.com","login":"old@example.com"}}""", Encoding.UTF8, "application/json"));
        }

        var before = await harness.Sandbox.GetStatsAsync();
        const string csv = "email,firstName,lastName,groups\nnew@example.com,New,User,Sales\nold@example.com,Old,User,Sales\nbad-email,X,Y,\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { DryRun = true, Activation = ActivationMode.Activate });

        var after = await harness.Sandbox.GetStatsAsync();
        Assert.Equal((int)before["users"]!, (int)after["users"]!);
        Assert.Equal((int)before["groups"]!, (int)after["groups"]!);
        Assert.Equal([RowAction.WouldActivate, RowAction.WouldAddGroups, RowAction.Invalid], run.Results.Select(r => r["action"]));
        Assert.Equal(1, run.Summary.Groups.WouldCreate);
        Assert.Equal(0, (int)after["buckets"]!["users"]!["requests"]! - (int)before["buckets"]!["users"]!["requests"]!);
    }

    [Fact]
    public async Task InvalidRows_AreReported_AndTheOthersProceed()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName\ngood@example.com,Go,Od\nnot-an-email,Ba,D\n,No,Email\nGOOD@example.com,Du,Plicate\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal([RowAction.Created, RowAction.Invalid, RowAction.Invalid, RowAction.Invalid], run.Results.Select(r => r["action"]));
        Assert.Equal(["2", "3", "4", "5"], run.Results.Select(r => r["line"]));
        Assert.Equal("email", run.Results[1]["column"]);
        Assert.Equal("line 3, column 1 'email': 'not-an-email' is not a valid email address", run.Results[1]["errorSummary"]);
        Assert.Contains("line 2", run.Results[4 - 1]["errorSummary"], StringComparison.Ordinal);
        Assert.Equal(3, run.Summary.RowsInvalid);
        Assert.Equal(["3", "4", "5"], run.Failed.Select(r => r["line"]));
    }

    [Fact]
    public async Task FailOnInvalidRows_StopsBeforeAnyCall()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName\ngood@example.com,Go,Od\nnot-an-email,Ba,D\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { FailOnInvalidRows = true });

        Assert.Equal("failed", run.Summary.Outcome);
        Assert.Equal("invalid-rows", run.Summary.Failure!.Code);
        Assert.Contains("users.csv", run.Summary.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", run.Summary.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, (long)(await harness.Sandbox.GetStatsAsync())["requests"]!);
    }

    [Fact]
    public async Task UnknownColumns_FailTheJob_UnlessIgnored()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName,Favourite Colour\nann@example.com,Ann,Lee,blue\n";

        var refused = await PipelineRun.RunAsync(harness, csv);
        var ignored = await PipelineRun.RunAsync(harness, csv, new JobOptions { IgnoreUnknownColumns = true });

        Assert.Equal("failed", refused.Summary.Outcome);
        Assert.Contains("Favourite Colour", refused.Summary.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal("completed", ignored.Summary.Outcome);
        Assert.Equal(["Favourite Colour"], ignored.Summary.IgnoredColumns);
    }

    [Fact]
    public async Task FormulaCells_AreNeutralisedInTheReport()
    {
        await using var harness = await OktaHarness.StartAsync();
        const string csv = "email,firstName,lastName\n=cmd@example.com,Evil,Formula\n+sum@example.com,Plus,Sign\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Contains("'=cmd@example.com", run.ResultsText, StringComparison.Ordinal);
        Assert.Contains("'+sum@example.com", run.ResultsText, StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", run.ResultsText, StringComparison.Ordinal);
        Assert.DoesNotContain(",+sum", run.ResultsText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_FailsTheJob_WithoutLeakingIt()
    {
        await using var harness = await OktaHarness.StartAsync(ferry: new Dictionary<string, string?> { ["Okta:ApiToken"] = "00-wrong-token-value" });
        const string csv = "email,firstName,lastName\nann@example.com,Ann,Lee\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal("failed", run.Summary.Outcome);
        Assert.Equal("okta-unauthorized", run.Summary.Failure!.Code);
        Assert.DoesNotContain("00-wrong-token-value", run.SummaryText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppedConnectionsAndServerErrors_EveryRowCreatedOnce()
    {
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:ResetRate"] = "0.15", ["Sandbox:Faults:ServerErrorRate"] = "0.1", ["Sandbox:Faults:Seed"] = "7" },
            new Dictionary<string, string?> { ["Okta:MaxRetries"] = "6" });
        var csv = "email,firstName,lastName,groups\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"u{i}@example.com,U,{i},Team {i % 3}\n"));

        var run = await PipelineRun.RunAsync(harness, csv);

        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(60, (int)stats["users"]!);
        Assert.All(run.Results, r => Assert.Equal(RowAction.Created, r["action"]));
        Assert.True((long)stats["resets"]! > 0);
        Assert.NotEmpty(stats["createAttemptsByLogin"]!.AsObject());
        Assert.Equal(60, run.Results.Select(r => r["userId"]).Distinct().Count());
    }
}
