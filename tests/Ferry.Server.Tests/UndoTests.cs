using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ferry.Server.Tests;

/// <summary>
/// Undo end to end on a stack of its own (Azurite, a sandbox whose rate limits are lifted a hundredfold, Ferry.Server
/// as a process), so "the org as it was" can be compared whole: an import, users and groups touched by someone else,
/// the undo's dry run, approval, and the org afterwards.
/// </summary>
public sealed partial class UndoTests(UndoTests.Stack stack, ITestOutputHelper output) : IClassFixture<UndoTests.Stack>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Undo_OfAThousandUserImport_DryRunThenApproved_LeavesTheOrgAsItWas_ButTheTouchedOnes()
    {
        using var client = stack.Server.CreateClient();
        using var okta = stack.Sandbox.CreateClient();
        var prefix = Jobs.Unique("undo");
        var (a, b, c, existing) = ($"A {prefix}", $"B {prefix}", $"C {prefix}", $"Existing {prefix}");
        // Before the import: a group the file also names, and a user in it.
        var existingId = await CreateGroupAsync(okta, existing);
        var bystander = await CreateUserAsync(okta, $"{prefix}-bystander@example.com");
        (await okta.PutAsync(new Uri($"/api/v1/groups/{existingId}/users/{bystander}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var usersBefore = await ListIdsAsync(okta, "/api/v1/users?limit=200");
        var groupsBefore = await ListIdsAsync(okta, "/api/v1/groups?limit=10000");
        var membersBefore = await ListIdsAsync(okta, $"/api/v1/groups/{existingId}/users?limit=1000");

        // 1,000 users: with a password (even rows: ACTIVE) or without (odd rows: PROVISIONED); groups A, B, C by range; every tenth also in the existing group.
        var csv = new StringBuilder("email,firstName,lastName,password,groups\n");
        for (var i = 0; i < 1000; i++)
        {
            var group = i < 400 ? a : i < 800 ? b : c;
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i}@example.com,U,{i},{(i % 2 == 0 ? "Tr4il-Blazer-9" : "")},{group}{(i % 10 == 0 ? ";" + existing : "")}\n");
        }

        var import = (await Jobs.StartCsvAsync(client, csv.ToString(), "activation=activate", $"{prefix}.csv"))["id"]!.ToString();
        var imported = (await Jobs.WaitFinishedAsync(client, import, Timeout, stack.Server.ReadLogs))[^1].Body;
        Assert.Equal(1000, (int)imported["output"]!["summary"]!["actions"]!["activated"]!);
        var ids = (await Jobs.ResultsAsync(stack.Blobs, import)).ToDictionary(r => r[2], r => r[6]);

        // Touched since: a sign-in, an activation by the user, a profile edit (all in B), a member added to C by hand.
        var (loggedIn, activated, edited) = (ids[$"{prefix}402@example.com"], ids[$"{prefix}403@example.com"], ids[$"{prefix}405@example.com"]);
        (await okta.PostAsync(new Uri($"/sandbox/users/{loggedIn}/login", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await okta.PutAsJsonAsync(new Uri($"/sandbox/users/{activated}/status", UriKind.Relative), new { status = "ACTIVE" })).EnsureSuccessStatusCode();
        (await okta.PostAsJsonAsync(new Uri($"/api/v1/users/{edited}", UriKind.Relative), new { profile = new { department = "Edited by hand" } })).EnsureSuccessStatusCode();
        var groupIds = await GroupIdsAsync(okta, a, b, c);
        (await okta.PutAsync(new Uri($"/api/v1/groups/{groupIds[c]}/users/{bystander}", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var undoResponse = await client.PostAsync(new Uri($"/api/migrations/{import}/undo", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, undoResponse.StatusCode);
        var undo = (await undoResponse.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var waiting = (await Jobs.WaitAsync(client, undo, s => s["customStatus"]!["phase"]!.ToString() == "awaiting-approval", Timeout, stack.Server.ReadLogs))[^1].Body;
        var dryRun = await Jobs.ResultsAsync(stack.Blobs, undo);
        var usersWhileWaiting = await ListIdsAsync(okta, "/api/v1/users?limit=200");

        Assert.Equal($"{import}-undo1", undo);
        Assert.Equal(import, waiting["input"]!["undoOf"]!.ToString());
        Assert.Equal("undo", waiting["input"]!["options"]!["kind"]!.ToString());
        Assert.Equal(1003, dryRun.Count);
        Assert.Equal(997, dryRun.Count(r => r[4] == "would-delete" && r[6].StartsWith("00u", StringComparison.Ordinal)));
        Assert.Equal([loggedIn, activated, edited], dryRun.Where(r => r[4] == "would-skip" && r[6].StartsWith("00u", StringComparison.Ordinal)).Select(r => r[6]));
        Assert.Equal([(a, "would-delete"), (b, "would-skip"), (c, "would-skip")], dryRun.Skip(1000).Select(r => (r[2], r[4])));
        Assert.Superset(ids.Values.ToHashSet(), usersWhileWaiting.ToHashSet()); // nothing deleted before approval

        var approve = await client.PostAsync(new Uri($"/api/migrations/{undo}/raiseEvent/approve", UriKind.Relative), null);
        var final = (await Jobs.WaitFinishedAsync(client, undo, Timeout, stack.Server.ReadLogs))[^1].Body;
        var elapsed = clock.Elapsed;
        var results = await Jobs.ResultsAsync(stack.Blobs, undo);
        var summary = JsonNode.Parse(await Jobs.ReportAsync(stack.Blobs, undo, "summary.json"))!;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: {imported["output"]!["summary"]!["durationSeconds"]} s, {imported["output"]!["summary"]!["callsTotal"]} calls; undo (dry run, approval, run): {elapsed.TotalSeconds:F1} s, {summary["durationSeconds"]} s by its summary, {summary["callsTotal"]} calls {summary["calls"]!.ToJsonString()}, phases {summary["phaseSeconds"]!.ToJsonString()}"));
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal(997, results.Count(r => r[4] == "deleted" && r[6].StartsWith("00u", StringComparison.Ordinal)));
        var skipped = results.Where(r => r[4] == "skipped").ToDictionary(r => r[6], r => r[9]);
        Assert.Contains("logged in since the job", skipped[loggedIn], StringComparison.Ordinal);
        Assert.Contains("activated by someone else (status ACTIVE; the job left it PROVISIONED)", skipped[activated], StringComparison.Ordinal);
        Assert.Contains("profile edited since the job", skipped[edited], StringComparison.Ordinal);
        Assert.Equal("deleted", results.Single(r => r[2] == a)[4]);
        Assert.Equal("has 3 of this job's users that the undo keeps (changed since)", skipped[groupIds[b]]);
        Assert.Equal("has 1 member(s) this job did not add", skipped[groupIds[c]]);
        Assert.Equal(997 + 1, (int)summary["actions"]!["deleted"]!);
        Assert.Equal(3 + 2, (int)summary["actions"]!["skipped"]!);
        Assert.Equal(0, (int)summary["rowsNeedingAttention"]!);

        // The org: as before the import, plus exactly the touched users and the two groups kept.
        var usersAfter = await ListIdsAsync(okta, "/api/v1/users?limit=200");
        var groupsAfter = await ListIdsAsync(okta, "/api/v1/groups?limit=10000");
        Assert.Equal(usersBefore.Concat([loggedIn, activated, edited]).Order(), usersAfter.Order());
        Assert.Equal(groupsBefore.Concat([groupIds[b], groupIds[c]]).Order(), groupsAfter.Order());
        Assert.Equal(membersBefore, await ListIdsAsync(okta, $"/api/v1/groups/{existingId}/users?limit=1000"));
        Assert.Equal(HttpStatusCode.NotFound, (await okta.GetAsync(new Uri($"/api/v1/users/{ids[$"{prefix}0@example.com"]}", UriKind.Relative))).StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"dry run, approval and undo took {elapsed}");

        // An undo is never undone.
        var again = await client.PostAsync(new Uri($"/api/migrations/{undo}/undo", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Undo_OfARunningJob_Is409_OfAnUnknownJob_404_OfAJobThatCreatedNothing_422_ASecondWhileOneWaits_409()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("undo-refuse");
        var waiting = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 2), "requireApproval=true", $"{prefix}.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(client, waiting, s => s["customStatus"]!["phase"]!.ToString() == "awaiting-approval", Timeout, stack.Server.ReadLogs);

        var running = await client.PostAsync(new Uri($"/api/migrations/{waiting}/undo", UriKind.Relative), null);
        var unknown = await client.PostAsync(new Uri("/api/migrations/nobody-000000000000/undo", UriKind.Relative), null);
        await client.PostAsync(new Uri($"/api/migrations/{waiting}/terminate", UriKind.Relative), null);
        await Jobs.WaitFinishedAsync(client, waiting, Timeout, stack.Server.ReadLogs);
        var nothing = await client.PostAsync(new Uri($"/api/migrations/{waiting}/undo", UriKind.Relative), null);
        var fromFile = (await Jobs.StartCsvAsync(client, "login,email,userId\nx@example.com,x@example.com,00u1234567890abcdefg\n", "kind=undo", $"{prefix}-forged.csv"))["id"]!.ToString();
        var forged = (await Jobs.WaitFinishedAsync(client, fromFile, Timeout, stack.Server.ReadLogs))[^1].Body;

        var done = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix + "d", 2), "", $"{prefix}-done.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, done, Timeout, stack.Server.ReadLogs);
        var firstUndo = await client.PostAsync(new Uri($"/api/migrations/{done}/undo", UriKind.Relative), null);
        var secondUndo = await client.PostAsync(new Uri($"/api/migrations/{done}/undo", UriKind.Relative), null);
        await client.PostAsync(new Uri($"/api/migrations/{done}-undo1/terminate", UriKind.Relative), null);
        var cancelled = (await Jobs.WaitFinishedAsync(client, $"{done}-undo1", Timeout, stack.Server.ReadLogs))[^1].Body;

        Assert.Equal(HttpStatusCode.Accepted, firstUndo.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, secondUndo.StatusCode);
        Assert.Contains("approve or terminate it first", await secondUndo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("terminated", cancelled["output"]!["summary"]!["outcome"]!.ToString());
        Assert.Null(cancelled["output"]!["summary"]!["actions"]!["deleted"]); // terminated before approval: nothing deleted
        Assert.Equal(2, (await ListIdsAsync(stack.Sandbox.CreateClient(), $"/api/v1/users?search={Uri.EscapeDataString($"profile.email sw \"{prefix}d\"")}")).Count);
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Contains("undo needs a finished job", await running.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((HttpStatusCode)422, nothing.StatusCode);
        Assert.Equal("Failed", forged["runtimeStatus"]!.ToString());
        Assert.Contains("POST /api/migrations/{id}/undo", forged["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_OfAnAuth0Import_DeletesTheInsertedUsers_KeepsOneWhoSignedIn_AndOneEdited()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("undo-a0");
        var import = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 6), "target=auth0", $"{prefix}.csv"))["id"]!.ToString();
        var imported = (await Jobs.WaitFinishedAsync(client, import, Timeout, stack.Server.ReadLogs))[^1].Body;
        Assert.Equal(6, (int)imported["output"]!["summary"]!["actions"]!["created"]!);
        using var sandbox = stack.Sandbox.CreateClient();
        var users = (await sandbox.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative)))!
            .Where(u => u!["email"]!.ToString().StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(u => u!["email"]!.ToString(), u => u!["user_id"]!.ToString());
        var (signedIn, edited) = (users[Auth0Files.Email(prefix, 2)], users[Auth0Files.Email(prefix, 4)]);
        (await sandbox.PostAsync(new Uri($"/sandbox/auth0/users/{Uri.EscapeDataString(signedIn)}/login", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await sandbox.PostAsync(new Uri($"/sandbox/auth0/users/{Uri.EscapeDataString(edited)}/edit", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var undoResponse = await client.PostAsync(new Uri($"/api/migrations/{import}/undo?requireApproval=false", UriKind.Relative), null);
        var undo = (await undoResponse.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(client, undo, Timeout, stack.Server.ReadLogs))[^1].Body;
        var results = await Jobs.ResultsAsync(stack.Blobs, undo);
        var left = (await sandbox.GetFromJsonAsync<JsonArray>(new Uri("/sandbox/auth0/users", UriKind.Relative)))!
            .Select(u => u!["email"]!.ToString()).Where(e => e.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();

        Assert.Equal(HttpStatusCode.Accepted, undoResponse.StatusCode);
        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        Assert.Equal("auth0", final["input"]!["options"]!["target"]!.ToString());
        Assert.Equal([Auth0Files.Email(prefix, 2), Auth0Files.Email(prefix, 4)], left);
        Assert.Equal(4, results.Count(r => r[4] == "deleted"));
        var skipped = results.Where(r => r[4] == "skipped").ToDictionary(r => r[3], r => r[9]);
        Assert.StartsWith("logged in since the job", skipped[Auth0Files.Email(prefix, 2)], StringComparison.Ordinal);
        Assert.StartsWith("profile edited since the job", skipped[Auth0Files.Email(prefix, 4)], StringComparison.Ordinal);
    }

    private static async Task<string> CreateGroupAsync(HttpClient okta, string name)
    {
        var response = await okta.PostAsJsonAsync(new Uri("/api/v1/groups", UriKind.Relative), new { profile = new { name } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
    }

    private static async Task<string> CreateUserAsync(HttpClient okta, string login)
    {
        var response = await okta.PostAsJsonAsync(new Uri("/api/v1/users?activate=false", UriKind.Relative), new { profile = new { firstName = "By", lastName = "Stander", email = login, login } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
    }

    private static async Task<Dictionary<string, string>> GroupIdsAsync(HttpClient okta, params string[] names)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var found = await okta.GetFromJsonAsync<JsonArray>(new Uri($"/api/v1/groups?search={Uri.EscapeDataString($"profile.name eq \"{name}\"")}", UriKind.Relative));
            ids[name] = Assert.Single(found!)!["id"]!.ToString();
        }

        return ids;
    }

    /// <summary>Every id of a list, following <c>Link: rel="next"</c>.</summary>
    private static async Task<List<string>> ListIdsAsync(HttpClient okta, string path)
    {
        var ids = new List<string>();
        string? next = path;
        while (next is not null)
        {
            using var response = await okta.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute));
            response.EnsureSuccessStatusCode();
            ids.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(u => u!["id"]!.ToString()));
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.SelectMany(l => l.Split(',')).Where(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)).Select(l => NextLink().Match(l).Groups[1].Value).FirstOrDefault()
                : null;
        }

        return ids;
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex NextLink();

    /// <summary>Azurite, a sandbox with its rate limits lifted a hundredfold, and Ferry.Server, for these tests alone.</summary>
    public sealed class Stack : IAsyncLifetime
    {
        public AzuriteHost Azurite { get; private set; } = null!;

        public SandboxHost Sandbox { get; private set; } = null!;

        public FerryServerHost Server { get; private set; } = null!;

        public Azure.Storage.Blobs.BlobServiceClient Blobs { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Azurite = await AzuriteHost.StartAsync();
            Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Multiplier"] = "100" });
            Server = await FerryServerHost.StartAsync(FerryServerHost.SettingsFor(Azurite, Sandbox), "ferry-undo");
            Blobs = Azurite.CreateServiceClient();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Sandbox.DisposeAsync();
            await Azurite.DisposeAsync();
        }
    }
}
