using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Ferry.Testing.Security;

namespace Ferry.Server.Tests.Security;

/// <summary>
/// One API key must not reach a blob outside what Ferry reads and writes. Each entry point of the self-host gets
/// hostile names aimed at a foreign blob (<c>private-x/{unique}/users.csv</c>, in the same Azurite account), and the
/// tests look from the outside: a 4xx naming the rule, no job, and the foreign blob neither read, tagged, snapshotted
/// nor deleted.
/// </summary>
[Collection("stack")]
public sealed class InboxBoundaryTests(FerryStack stack)
{
    /// <summary>Hostile blob names ({0} = the foreign blob's <c>private-x/…/users.csv</c>) and the rule each breaks.</summary>
    public static TheoryData<string, string> HostileNames => new()
    {
        { "../{0}", "dot-segment" },
        { "a/../../{0}", "dot-segment" },
        { "./../{0}", "dot-segment" },
        { "import/./../../{0}", "dot-segment" },
        { "\uFF0E\uFF0E/{0}", "dot-segment" },
        { "..\\{0}", "backslash" },
        { "%2e%2e/{0}", "reserved-character" },
        { "..%2F{0}", "reserved-character" },
        { "/../{0}", "leading-slash" },
        { "a\u2215..\u2215{0}", "slash-lookalike" },
        { "import//{0}", "empty-segment" },
        { "users\u0000.csv", "control-character" },
        { "users\r\n.csv", "control-character" },
        { "users.csv?comp=tags", "reserved-character" },
        { "users.csv#x", "reserved-character" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task JsonStart_WithAHostileBlobName_Is400NamingTheRule_AndTheForeignBlobIsUntouched(string pattern, string rule)
    {
        using var client = stack.Server.CreateClient();
        var foreign = await ForeignBlob.CreateAsync(stack.Blobs);
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, pattern.Contains('\\', StringComparison.Ordinal) ? foreign.Path.Replace('/', '\\') : foreign.Path);

        var response = await client.PostAsJsonAsync(
            new Uri("/api/migrations", UriKind.Relative),
            new { blob = new { container = "ferry-inbox", name }, options = new { dryRun = "true", deleteInputOnSuccess = "true" } });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("Invalid blob name", problem["title"]!.ToString());
        Assert.Equal(rule, problem["rule"]!.ToString());
        Assert.False(foreign.FoundIn(body));
        await AssertNoJobReadAsync(client, foreign);
    }

    [Fact]
    public async Task JsonStart_WithANameTooLongOrTooDeep_Is400NamingTheRule()
    {
        using var client = stack.Server.CreateClient();

        var longName = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = new string('a', 1021) + ".csv" } });
        var deepName = await client.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { name = string.Concat(Enumerable.Repeat("a/", 254)) + "u.csv" } });

        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Equal("too-long", (await longName.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, deepName.StatusCode);
        Assert.Equal("too-many-segments", (await deepName.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.ToString());
    }

    [Fact]
    public async Task EventGrid_BlobCreatedWithATraversalSubject_Is400NamingTheRule_AndStartsNothing()
    {
        using var client = stack.Server.CreateClient();
        var foreign = await ForeignBlob.CreateAsync(stack.Blobs);
        var events = $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/ferry-inbox/blobs/../{{foreign.Path}}","data":{"api":"PutBlob"} }]""";

        var response = await client.PostAsync(new Uri("/api/events/blob-created", UriKind.Relative), new StringContent(events, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("dot-segment", JsonNode.Parse(body)!["rule"]!.ToString());
        Assert.DoesNotContain(foreign.Secret, body, StringComparison.Ordinal);
        await AssertNoJobReadAsync(client, foreign);
    }

    [Fact]
    public async Task EventGrid_BlobCreatedInAnotherContainer_IsIgnored()
    {
        using var client = stack.Server.CreateClient();
        var foreign = await ForeignBlob.CreateAsync(stack.Blobs);
        var events = $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/{{ForeignBlob.Container}}/blobs/{{foreign.Name}}","data":{"api":"PutBlob"} }]""";

        var response = await client.PostAsync(new Uri("/api/events/blob-created", UriKind.Relative), new StringContent(events, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonObject>())!["started"]!.AsArray());
        await AssertNoJobReadAsync(client, foreign);
    }

    [Theory]
    [InlineData("eventgrid.azure.net", HttpStatusCode.OK)]
    [InlineData("evil.example, <script>", HttpStatusCode.BadRequest)]
    [InlineData("a b", HttpStatusCode.BadRequest)]
    public async Task EventGrid_Handshake_EchoesOnlyAHostNameIntoItsHeader(string origin, HttpStatusCode expected)
    {
        using var client = stack.Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/events/blob-created", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("WebHook-Request-Origin", origin);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? [origin] : [], response.Headers.TryGetValues("WebHook-Allowed-Origin", out var echoed) ? echoed : []);
    }

    [Fact]
    public async Task InboxWatcher_AHostileNameInTheInbox_IsLeftAlone_AndLaterDropsStillStart()
    {
        using var client = stack.Server.CreateClient();
        var foreign = await ForeignBlob.CreateAsync(stack.Blobs);
        var inbox = stack.Blobs.GetBlobContainerClient("ferry-inbox");
        // Someone with storage access writes "..\private-x\…\users.csv": the SDK sends the backslashes escaped and
        // storage reads them as '/', so the inbox holds a blob literally named "../private-x/…/users.csv".
        var hostile = inbox.GetBlobClient($"..\\{foreign.Path.Replace('/', '\\')}");
        await hostile.UploadAsync(BinaryData.FromString(Jobs.Csv(Jobs.Unique("hostile"), 2)), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["deleteInputOnSuccess"] = "true" } });
        var listed = new List<string>();
        await foreach (var item in inbox.GetBlobsAsync(BlobTraits.None, BlobStates.None, "../", default))
        {
            listed.Add(item.Name);
        }

        try
        {
            Assert.Contains($"../{foreign.Path}", listed);
            var good = $"{Jobs.Unique("after-hostile")}.csv";
            await Jobs.DropAsync(stack.Blobs, good, Encoding.UTF8.GetBytes(Jobs.Csv(Jobs.Unique("ah"), 2)));

            var id = await Jobs.WaitForInboxJobAsync(client, good, TimeSpan.FromSeconds(30));
            await Jobs.WaitFinishedAsync(client, id);

            await AssertNoJobReadAsync(client, foreign);
            var log = stack.Server.ReadLogs();
            Assert.Contains("not a name Ferry reads (dot-segment)", log, StringComparison.Ordinal);
        }
        finally
        {
            await hostile.DeleteIfExistsAsync();
        }
    }

    [Theory]
    [InlineData("..%5C..%5Cferry-reports%5Cx%5Csummary.json", "summary.json")]
    [InlineData("..%2F..%2Fferry-reports%2Fx.csv", "x.csv")]
    [InlineData("C%3A%5CUsers%5Cme%5Cusers.csv", "users.csv")]
    [InlineData("%2E%2E", "upload.csv")]
    [InlineData("users%25.csv%3Fx%23y", "users_.csv_x_y.csv")]
    [InlineData("evil%0D%0ASet-Cookie%3A%20ferry%3Dx.csv", "evilSet-Cookie: ferry=x.csv")]
    public async Task Upload_NameWithPathsOrControls_IsStoredUnderASafeFileName_InItsOwnFolder(string query, string expected)
    {
        using var client = stack.Server.CreateClient();
        using var content = new StringContent(Jobs.Csv(Jobs.Unique("up"), 1), Encoding.UTF8, "text/csv");

        var response = await client.PostAsync(new Uri($"/api/migrations?name={query}&dryRun=true", UriKind.Relative), content);
        var payload = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain(response.Headers.SelectMany(h => h.Value), v => v.Contains('\r', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal));
        var (_, status) = await Jobs.StatusAsync(client, payload!["id"]!.ToString());
        var name = status!["input"]!["blob"]!["name"]!.ToString();
        Assert.Equal("ferry-inbox", status["input"]!["blob"]!["container"]!.ToString());
        Assert.Matches(@"^http/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}/[^/\\]+$", name);
        Assert.Equal(expected, name.Split('/')[^1]);
        Assert.False((await stack.Blobs.GetBlobContainerClient("ferry-reports").GetBlobClient("x/summary.json").ExistsAsync()).Value);
    }

    [Fact]
    public async Task Upload_OptionValuesWithLineBreaks_AreRefusedOrTrimmed_NeverAHeaderOfTheirOwn()
    {
        using var client = stack.Server.CreateClient();
        using var injected = new StringContent(Jobs.Csv(Jobs.Unique("crlf"), 1), Encoding.UTF8, "text/csv");
        using var padded = new StringContent(Jobs.Csv(Jobs.Unique("crlf"), 1), Encoding.UTF8, "text/csv");

        var refused = await client.PostAsync(new Uri("/api/migrations?name=a.csv&dryRun=true%0D%0Ax-ms-meta-evil%3A1", UriKind.Relative), injected);
        var trimmed = await client.PostAsync(new Uri("/api/migrations?name=b.csv&dryRun=%0D%0Atrue%0D%0A", UriKind.Relative), padded);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("dryRun", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, trimmed.StatusCode);
        var (_, status) = await Jobs.StatusAsync(client, (await trimmed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString());
        var stored = stack.Blobs.GetBlobContainerClient("ferry-inbox").GetBlobClient(status!["input"]!["blob"]!["name"]!.ToString());
        var metadata = (await stored.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("true", metadata["dryRun"]);
        Assert.DoesNotContain(metadata.Keys, k => k.Contains("evil", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Upload_Multipart_TakesTheFilePart_UnderItsSafeName_AndRunsIt()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("multi");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("a field that is not the file"), "note");
        var file = new StringContent(Jobs.Csv(prefix, 3), Encoding.UTF8, "text/csv");
        form.Add(file, "file", "..\\..\\ferry-reports\\x\\team.csv");

        var response = await client.PostAsync(new Uri("/api/migrations", UriKind.Relative), form);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        var done = (await Jobs.WaitFinishedAsync(client, id))[^1].Body;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Matches(@"^http/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}/team\.csv$", done["input"]!["blob"]!["name"]!.ToString());
        Assert.Equal("Completed", done["runtimeStatus"]!.ToString());
        Assert.Equal(3, (int)done["output"]!["summary"]!["actions"]!["created"]!);
    }

    [Fact]
    public async Task Upload_MultipartWithoutAFilePart_Is400()
    {
        using var client = stack.Server.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent("email\nx@example.com\n"), "file" } };

        var response = await client.PostAsync(new Uri("/api/migrations", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("file part", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Ids of the URL that are not job ids ({0} = a real job's id, for the ids of its own parts).</summary>
    private static readonly (string Method, string Path)[] HostileIds =
    [
        ("GET", "/api/migrations/..%2F{0}"),
        ("GET", "/api/migrations/a%2F..%2F..%2Fb"),
        ("GET", "/api/migrations/{0}%2F..%2F..%2Fprivate-x/reports/results.csv"),
        ("GET", "/api/migrations/{0}:dry-run:0"),
        ("GET", "/api/migrations/{0}:groups:dry-run/reports/summary.json"),
        ("POST", "/api/migrations/{0}:dry-run:0/terminate"),
        ("POST", "/api/migrations/{0}:dry-run:0/suspend"),
        ("POST", "/api/migrations/{0}:dry-run:0/resume"),
        ("POST", "/api/migrations/{0}:dry-run:0/raiseEvent/approve"),
        ("POST", "/api/migrations/{0}:dry-run:0/rerun-failed"),
        ("POST", "/api/migrations/{0}:dry-run:0/undo"),
        ("POST", "/api/migrations/..%2F{0}/undo"),
        ("POST", "/api/migrations/%2E%2E%5C{0}/rerun-failed"),
        ("DELETE", "/api/migrations/{0}:dry-run:0"),
        ("GET", "/dashboard/jobs/{0}%2F..%2F..%2Fx/reports/results.csv"),
        ("GET", "/dashboard/jobs/{0}:dry-run:0/failed-rows"),
    ];

    [Fact]
    public async Task JobIdsInTheUrl_ThatAreNotJobIds_Are400NamingTheRule_AndTouchNothing()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("ids");
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix, 3, "Ids"), "requireApproval=true"))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, b => b["customStatus"]!["phase"]!.ToString() == "awaiting-approval");

        foreach (var (method, pattern) in HostileIds)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, id);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {body}");
            Assert.Equal("job-id", JsonNode.Parse(body)!["rule"]!.ToString());
        }

        // The job and its parts carried on untouched: approved, it completes with every row.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(new Uri($"/api/migrations/{id}/raiseEvent/approve", UriKind.Relative), null)).StatusCode);
        var done = (await Jobs.WaitFinishedAsync(client, id))[^1].Body;
        Assert.Equal("Completed", done["runtimeStatus"]!.ToString());
        Assert.Equal(3, (int)done["output"]!["summary"]!["actions"]!["created"]!);
    }

    [Fact]
    public async Task ReportDownload_ForANameOutsideTheReports_Is404_AndServesNothingElse()
    {
        using var client = stack.Server.CreateClient();
        var foreign = await ForeignBlob.CreateAsync(stack.Blobs);
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("rep"), 1)))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);

        foreach (var name in new[] { $"..%2F..%2F{foreign.Path.Replace("/", "%2F", StringComparison.Ordinal)}", "..%5Cresults.csv", "input.csv" })
        {
            var api = await client.GetAsync(new Uri($"/api/migrations/{id}/reports/{name}", UriKind.Relative));
            var dashboard = await client.GetAsync(new Uri($"/dashboard/jobs/{id}/reports/{name}", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
            Assert.False(foreign.FoundIn(await api.Content.ReadAsStringAsync()));
            Assert.False(foreign.FoundIn(await dashboard.Content.ReadAsStringAsync()));
        }

        Assert.Empty(await foreign.ChangesAsync());
    }

    /// <summary>No job of the list names the foreign blob or quotes it; nothing of it is in a report; the blob is as it was.</summary>
    private async Task AssertNoJobReadAsync(HttpClient client, ForeignBlob foreign)
    {
        var jobs = (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?top=1000", UriKind.Relative)))!.ToJsonString();
        Assert.DoesNotContain(foreign.Folder, jobs, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.Secret, jobs, StringComparison.Ordinal);
        Assert.Empty(await foreign.CopiesAsync(stack.Blobs, ["ferry-reports"]));
        Assert.Empty(await foreign.ChangesAsync());
        Assert.False(foreign.FoundIn(stack.Server.ReadLogs()));
    }
}
