using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

/// <summary>
/// Auth0's official Node SDK (npm <c>auth0</c> 7.1.0, installed by scripts/npm-ci.sh), unchanged, against the sandbox's
/// HTTPS listener: the SDK only builds <c>https://{domain}/api/v2</c>, and trusts the sandbox's self-signed
/// certificate through <c>NODE_EXTRA_CA_CERTS</c>.
/// </summary>
public sealed class SdkTests
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "tests", "Ferry.Sandbox.Tests", "Auth0Sdk", "import.mjs");

    [Fact]
    public async Task NodeSdk_ImportJob_CompletesWithErrorsAndTheUserIsFound()
    {
        await using var sandbox = await SandboxHost.StartWithAuth0HttpsAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Auth0:PendingDelay"] = "00:00:00.300",
            ["Sandbox:Auth0:UsersPerSecond"] = "20",
        });
        var users = Path.Combine(Path.GetTempPath(), "ferry-tests", $"auth0-users-{Guid.NewGuid():N}.json");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(users)!);
        await File.WriteAllTextAsync(users, Auth0Http.Users(
            """{"email":"ada@example.com","email_verified":true,"given_name":"Ada","user_id":"ada-1"}""",
            """{"email":"grace@example.com","username":"grace"}""",
            """{"email":"not-an-email"}""",
            """{"email":"bob@example.com","email_verified":"yes"}""",
            """{"email":"ADA@example.com"}"""));
        var options = sandbox.Auth0Options;

        await using var node = ChildProcess.Start(
            "node",
            [Script, $"127.0.0.1:{options.HttpsPort}", options.ClientId, options.ClientSecret, users, "ada@example.com"],
            new Dictionary<string, string?> { ["NODE_EXTRA_CA_CERTS"] = sandbox.Auth0CertificatePath },
            "auth0-sdk",
            RepositoryPaths.Root);
        var result = await ResultAsync(node, TimeSpan.FromSeconds(60));

        Assert.Equal(options.ConnectionId, (string?)result["connectionId"]);
        Assert.Equal("pending", (string?)result["created"]!["status"]);
        Assert.Equal("ferry-sdk-test", (string?)result["created"]!["external_id"]);
        Assert.False((bool)result["created"]!["send_completion_email"]!);
        Assert.Equal("completed", (string?)result["statuses"]!.AsArray()[^1]);
        var summary = result["job"]!["summary"]!;
        Assert.Equal(2, (int)summary["inserted"]!);
        Assert.Equal(3, (int)summary["failed"]!);
        Assert.Equal(0, (int)summary["updated"]!);
        Assert.Equal(5, (int)summary["total"]!);
        Assert.Equal(
            ["INVALID_FORMAT", "INVALID_TYPE", "DUPLICATED_USER"],
            result["errors"]!.AsArray().Select(e => (string)e!["errors"]![0]!["code"]!));
        Assert.Equal(["email", "email_verified", ""], result["errors"]!.AsArray().Select(e => (string)e!["errors"]![0]!["path"]!));
        var user = Assert.Single(result["users"]!.AsArray())!;
        Assert.Equal("auth0|ada-1", (string?)user["user_id"]);
        Assert.Equal("Ada", (string?)user["given_name"]);

        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(0, (int)stats["completionEmails"]!);
        Assert.Equal(1, (int)stats["tokenRequests"]!);
        Assert.Equal(1, (int)stats["importJobsCreated"]!);
        Assert.Equal(2, (int)stats["users"]!);
    }

    /// <summary>The script's one JSON line, once node has exited; its log (stdout and stderr) in the failure otherwise.</summary>
    private static async Task<JsonObject> ResultAsync(ChildProcess node, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!node.HasExited && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        // The output handlers may still be flushing the last line after the exit.
        for (var i = 0; i < 20; i++)
        {
            var line = node.ReadLog().Split('\n').LastOrDefault(l => l.StartsWith('{'));
            if (line is not null)
            {
                return JsonNode.Parse(line)!.AsObject();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        Assert.Fail($"node {(node.HasExited ? "exited" : "timed out")} without a result:\n{node.ReadLog()}");
        return [];
    }
}
