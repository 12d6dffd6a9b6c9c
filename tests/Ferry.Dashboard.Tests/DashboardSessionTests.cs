using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Ferry.Dashboard.Tests;

/// <summary>
/// The dashboard's sessions: ended on the server by sign-out, by their key leaving the configuration (on a restart or a
/// reload), surviving a restart otherwise; a Secure cookie behind a configured TLS proxy only; wrong keys limited per
/// client address; and the failed-rows view reading a bounded part of failed.csv, however large.
/// </summary>
[Collection("dashboard")]
public sealed class DashboardSessionTests(DashboardStack stack)
{
    private const string OtherKey = "ferry-other-key-7c41e0b9a35d48f2b6d1";

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_AReplayedCookieIs401()
    {
        using var client = Loopback.Client(stack.Server.BaseAddress, null);
        var cookie = await SignInAsync(client, FerryServerHost.ApiKey);
        var before = await GetAsync(client, "/api/migrations?top=1", cookie);

        var signOut = await SendAsync(client, HttpMethod.Post, "/dashboard/signout", cookie);
        var replayed = await GetAsync(client, "/api/migrations?top=1", cookie);
        var page = await GetAsync(client, "/dashboard", cookie);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/dashboard/signin", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignIn_WithAWebhookKey_IsRefused_AsIsTheWebhookKeyOnTheDataRoutes()
    {
        using var client = Loopback.Client(stack.Server.BaseAddress, null);

        var signIn = await client.PostAsync(new Uri("/dashboard/signin", UriKind.Relative), Form(FerryServerHost.WebhookKey));
        var data = new HttpRequestMessage(HttpMethod.Get, "/dashboard/jobs/some-job-000000000000/failed-rows");
        data.Headers.Add("x-ferry-key", FerryServerHost.WebhookKey);
        var read = await client.SendAsync(data);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task RemovedKey_EndsItsSessions_AfterARestart_WhileTheOtherKeysSessionsSurvive()
    {
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "sessionsrestart");
        settings["Ferry:Api:Keys"] = $"{FerryServerHost.ApiKey},{OtherKey}";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-sessions-restart");
        using var client = Loopback.Client(server.BaseAddress, null);
        var removed = await SignInAsync(client, FerryServerHost.ApiKey);
        var kept = await SignInAsync(client, OtherKey);

        await server.RestartWithAsync(new Dictionary<string, string?> { ["Ferry:Api:Keys"] = OtherKey });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/migrations?top=1", removed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/migrations?top=1", kept)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/dashboard", kept)).StatusCode);
    }

    [Fact]
    public async Task RemovedKey_EndsItsSessions_WhenTheConfigurationIsReloaded()
    {
        var settings = FerryServerHost.SettingsForOwnHub(stack.Azurite, stack.Sandbox, "sessionsreload");
        settings["Ferry:Api:Keys"] = null;
        settings["DOTNET_USE_POLLING_FILE_WATCHER"] = "true";
        await using var server = await FerryServerHost.StartAsync(settings, "ferry-sessions-reload", LocalSettings(FerryServerHost.ApiKey, OtherKey));
        using var client = Loopback.Client(server.BaseAddress, null);
        var removed = await SignInAsync(client, FerryServerHost.ApiKey);
        var kept = await SignInAsync(client, OtherKey);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/migrations?top=1", removed)).StatusCode);

        await File.WriteAllTextAsync(Path.Combine(server.WorkingDirectory, "local.settings.json"), LocalSettings(OtherKey));

        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while ((await GetAsync(client, "/api/migrations?top=1", removed)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the removed key's session still works 30 s after the reload");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, TestContext.Current.CancellationToken);
        }

        using var byKey = Loopback.Client(server.BaseAddress, null);
        byKey.DefaultRequestHeaders.Add("x-ferry-key", FerryServerHost.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await byKey.GetAsync(new Uri("/api/migrations?top=1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/migrations?top=1", kept)).StatusCode);
        Assert.Contains("Ferry:Api:Keys", server.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_IsSecure_WhenAConfiguredProxySaysHttps_NotWhenAnyoneElseDoes()
    {
        using var proxy = Loopback.Client(stack.Server.BaseAddress, DashboardStack.Proxy);
        using var direct = Loopback.Client(stack.Server.BaseAddress, null);

        var viaProxy = await SignInResponseAsync(proxy, FerryServerHost.ApiKey, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.20"));
        var spoofed = await SignInResponseAsync(direct, FerryServerHost.ApiKey, ("X-Forwarded-Proto", "https"));
        var plain = await SignInResponseAsync(proxy, FerryServerHost.ApiKey, ("X-Forwarded-Proto", "http"), ("X-Forwarded-For", "203.0.113.20"));

        Assert.Contains("; secure", Assert.Single(viaProxy.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", Assert.Single(spoofed.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", Assert.Single(plain.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SixthWrongSignIn_Is429WithRetryAfter_ForThatClientOnly()
    {
        using var proxy = Loopback.Client(stack.Server.BaseAddress, DashboardStack.Proxy);
        var guesser = ("X-Forwarded-For", "203.0.113.7");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await SignInResponseAsync(proxy, $"guessed-key-{i}-0123456789abcdef0123456789", guesser)).StatusCode);
        }

        var right = await SignInResponseAsync(proxy, FerryServerHost.ApiKey, guesser);
        var otherClient = await SignInResponseAsync(proxy, FerryServerHost.ApiKey, ("X-Forwarded-For", "203.0.113.8"));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(right.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("Too many wrong keys", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(right.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, otherClient.StatusCode);
    }

    [Fact]
    public async Task FailedRows_OfALargeFailedCsv_ReadOnlyABoundedRange_AndNothingAgainWhileItIsUnchanged()
    {
        var id = $"large-{Guid.NewGuid():N}"[..24];
        var reports = stack.Azurite.CreateServiceClient().GetBlobContainerClient("ferry-reports");
        var failed = new StringBuilder("line,row,login,email,action,errorCode,errorSummary\n");
        for (var line = 2; failed.Length < 20_000_000; line++)
        {
            failed.Append(CultureInfo.InvariantCulture, $"{line},{line - 1},user{line}@example.com,user{line}@example.com,failed,E0000001,\"Api validation failed: login, \"\"{line}\"\" is taken\"\n");
        }

        var rows = failed.ToString().Count(c => c == '\n') - 1;
        await reports.GetBlobClient($"{id}/failed.csv").UploadAsync(BinaryData.FromString(failed.ToString()), TestContext.Current.CancellationToken);
        await reports.GetBlobClient($"{id}/summary.json").UploadAsync(BinaryData.FromString($$"""{"rowsNeedingAttention":{{rows}}}"""), TestContext.Current.CancellationToken);
        using var client = stack.Server.CreateClient();

        var before = await BlobBytesReadAsync(client);
        var first = await client.GetFromJsonAsync<JsonObject>(new Uri($"/dashboard/jobs/{id}/failed-rows", UriKind.Relative), TestContext.Current.CancellationToken);
        var between = await BlobBytesReadAsync(client);
        var second = await client.GetFromJsonAsync<JsonObject>(new Uri($"/dashboard/jobs/{id}/failed-rows", UriKind.Relative), TestContext.Current.CancellationToken);
        var after = await BlobBytesReadAsync(client);

        Assert.True((bool)first!["found"]!);
        Assert.Equal(rows, (int)first["total"]!);
        var listed = first["rows"]!.AsArray();
        Assert.Equal(200, listed.Count);
        Assert.Equal(2, (int)listed[0]!["line"]!);
        Assert.Equal("Api validation failed: login, \"2\" is taken", listed[0]!["errorSummary"]!.ToString());
        Assert.Equal(201, (int)listed[^1]!["line"]!);
        Assert.Equal(first.ToJsonString(), second!.ToJsonString());
        Assert.InRange(between - before, 1, 1024 * 1024); // of a 20 MB file
        Assert.InRange(after - between, 0, 64 * 1024);   // unchanged: storage answers 304, the page is remembered
    }

    private static async Task<long> BlobBytesReadAsync(HttpClient client)
    {
        var diagnostics = (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/diagnostics", UriKind.Relative)))!;
        return diagnostics["storageResponseBytesByKind"]!.AsObject().TryGetPropertyValue("blob GET blob", out var bytes) ? (long)bytes! : 0;
    }

    private static string LocalSettings(params string[] keys) => $$"""
        {
          "IsEncrypted": false,
          "Values": { "Ferry:Api:Keys": "{{string.Join(',', keys)}}" }
        }
        """;

    private static FormUrlEncodedContent Form(string key) => new([KeyValuePair.Create("key", key)]);

    private static async Task<string> SignInAsync(HttpClient client, string key)
    {
        var response = await SignInResponseAsync(client, key);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static Task<HttpResponseMessage> SignInResponseAsync(HttpClient client, string key, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin") { Content = Form(key) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie) => SendAsync(client, HttpMethod.Get, path, cookie);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }
}
