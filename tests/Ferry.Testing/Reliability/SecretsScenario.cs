using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Ferry.Sandbox.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Testing.Reliability;

/// <summary>
/// A full import where every row carries a password or an imported hash (<see cref="SecretInput"/>), with activation,
/// invalid rows that carry secrets, a row Okta rejects and its rerun, and the same file failing on its invalid rows.
/// Then the API token and every password, hash value and salt of the input are looked for in Ferry's whole log, every
/// blob of every container but the inbox (job documents, outcomes, rerun lists, reports, the task hub's leases and
/// large messages, gzip'd ones unpacked; content and metadata), every entity of every table (the task hub's history,
/// instances and partitions), every message seen in the task hub's queues (peeked all through the jobs), and every
/// status payload fetched, list included: 0 hits. An Auth0 job with a hash of every algorithm runs too: its hash values
/// and the Auth0 client secret are looked for the same way. With <see cref="SecretsSettings.ServiceApp"/>, Ferry signs in as
/// an Okta service app (private key, DPoP) and the key's PEM body and every access token issued are looked for too. The inbox holds the input itself, which holds them all (and is
/// scanned as a check that the scan finds them).
/// </summary>
public static class SecretsScenario
{
    private const string Inbox = "ferry-inbox";

    public static async Task<ScenarioReport> RunAsync(SecretsSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var report = new ScenarioReport("secrets");
        var clock = Stopwatch.StartNew();
        var token = "00" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        var clientSecret = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64);
        using var app = settings.ServiceApp ? ServiceApp.Rsa() : null;
        var sandboxSettings = new Dictionary<string, string?> { ["Sandbox:ApiToken"] = token, ["Sandbox:RateLimit:Multiplier"] = "10", ["Sandbox:Auth0:ClientSecret"] = clientSecret };
        foreach (var (key, value) in app?.SandboxSettings(requireDPoP: true) ?? [])
        {
            sandboxSettings[key] = value;
        }

        await using var stack = await ScenarioStack.StartAsync(
            settings.ServiceApp ? "ferry-secrets-oauth" : "ferry-secrets",
            sandboxSettings,
            app?.FerrySettings() ?? new Dictionary<string, string?>(),
            ct);
        var input = SecretInput.Create(settings.Rows);
        var payloads = new StringBuilder();
        var queues = new QueueWatch(stack.Azurite.ConnectionString);
        using var watching = new CancellationTokenSource();
        var watch = queues.RunAsync(watching.Token);

        var id = await RunJobAsync(stack, payloads, settings, () => Jobs.StartFileAsync(stack.Client, input.Bytes, "activation=activate", "secrets.csv"));
        var results = await Jobs.ResultsAsync(stack.Blobs, id);
        var actions = results.GroupBy(r => r[4]).ToDictionary(g => g.Key, g => g.Count());
        report.Figure("rows", results.Count).Figure("actions", string.Join(", ", actions.Select(a => $"{a.Key} {a.Value}")));
        report.Check(
            actions.GetValueOrDefault("activated") == input.ValidRows && actions.GetValueOrDefault("invalid") == input.InvalidRowCount && actions.GetValueOrDefault("failed") == input.RejectedRows,
            $"expected {input.ValidRows} activated, {input.InvalidRowCount} invalid, {input.RejectedRows} failed");

        var rerun = await stack.Client.PostAsync(new Uri($"/api/migrations/{id}/rerun-failed", UriKind.Relative), null, ct);
        if (report.Check(rerun.StatusCode == HttpStatusCode.Accepted, $"rerun-failed answered {(int)rerun.StatusCode}"))
        {
            var body = await rerun.Content.ReadAsStringAsync(ct);
            payloads.AppendLine(body);
            await RunJobAsync(stack, payloads, settings, () => Task.FromResult(JsonNode.Parse(body)!.AsObject()));
        }

        var strict = await RunJobAsync(stack, payloads, settings, () => Jobs.StartFileAsync(stack.Client, input.Bytes, "failOnInvalidRows=true", "secrets-strict.csv"));
        var strictStatus = (await Jobs.StatusAsync(stack.Client, strict)).Body!;
        payloads.AppendLine(strictStatus.ToJsonString());
        report.Check(strictStatus["output"]?["failure"]?["code"]?.ToString() == "invalid-rows", "the strict job did not fail with invalid-rows");

        // An Auth0 job: the client secret, and a hash of every algorithm (valid ones sent to Auth0, broken ones invalid).
        var auth0 = await RunJobAsync(stack, payloads, settings, () => Jobs.StartCsvAsync(stack.Client, Auth0Files.EveryAlgorithmCsv("secret"), "target=auth0", "secrets-auth0.csv"));
        var auth0Rows = await Jobs.ResultsAsync(stack.Blobs, auth0);
        report.Figure("Auth0 job", string.Join(", ", auth0Rows.GroupBy(r => r[4]).Select(g => $"{g.Key} {g.Count()}")));
        report.Check(auth0Rows.Count(r => r[4] == "created") == 12, "the Auth0 job did not create its 12 valid users");
        payloads.AppendLine(await stack.Client.GetStringAsync(new Uri("/api/migrations?top=1000", UriKind.Relative), ct));

        await watching.CancelAsync();
        await watch;
        var auth0Secrets = Auth0Files.HashValues.Select((h, i) => ("Auth0 hash value", $"secrets-auth0.csv hash {i + 1}", h)).Append(("the Auth0 client secret", "configuration", clientSecret)).ToList();
        var oauthSecrets = app is null
            ? []
            : stack.Sandbox.Services.GetRequiredService<OAuthServer>().IssuedTokens.Select(t => ("an Okta access token", "the org", t))
                .Append(("the service app's private key", "configuration", app.PrivateKeyBase64))
                .Concat(app.PrivateKeyPem.Split('\n').Where(l => l.Length == 64).Take(3).Select(l => ("a line of the service app's private key", "configuration", l)))
                .ToList();
        report.Figure("service app secrets looked for", oauthSecrets.Count);
        report.Check(app is null || oauthSecrets.Count(s => s.Item1 == "an Okta access token") > 0, "the org issued no access token");
        var scan = new SecretScan(input.Secrets.Select(s => (s.Kind, $"line {s.Line}", s.Value)).Append(("the API token", "configuration", token)).Concat(auth0Secrets).Concat(oauthSecrets));
        report.Figure("secrets looked for", $"{input.Secrets.Count + 1} ({input.Secrets.Count(s => s.Kind == "password")} passwords, {input.Secrets.Count(s => s.Kind == "hashValue")} hash values, {input.Secrets.Count(s => s.Kind == "salt")} salts, the API token; and {Auth0Files.HashValues.Count} Auth0 hash values and the Auth0 client secret), {scan.Count} forms");
        var sources = new List<(string Name, string Text)> { ("Ferry's log", stack.Server.ReadLogs()), ("status payloads", payloads.ToString()) };
        var inbox = new StringBuilder();
        await foreach (var (name, text) in BlobsAsync(stack, ct))
        {
            if (name.StartsWith(Inbox + "/", StringComparison.Ordinal))
            {
                inbox.Append(text);
            }
            else
            {
                sources.Add((name, text));
            }
        }

        var blobs = sources.Count - 2;
        var tables = await TablesAsync(stack.Azurite.ConnectionString, ct);
        sources.AddRange(tables);
        sources.Add(("task hub queue messages", queues.Text));
        var hits = sources.SelectMany(s => scan.Find(s.Text).Select(hit => $"{hit} in {s.Name}")).ToList();
        report.Figure("places scanned", $"Ferry's log ({sources[0].Text.Length:N0} chars), status payloads ({sources[1].Text.Length:N0} chars), {blobs} blobs outside {Inbox} ({sources.Skip(2).Take(blobs).Sum(s => s.Text.Length):N0} chars), {tables.Count} tables ({tables.Sum(t => t.Text.Length):N0} chars), {queues.Messages} queue messages ({queues.Text.Length:N0} chars)");
        report.Figure("hits", hits.Count);
        report.Check(sources.Any(s => s.Name.StartsWith("ferry-state/", StringComparison.Ordinal)) && sources.Any(s => s.Name.StartsWith("ferry-reports/", StringComparison.Ordinal)), "no state or report blob was scanned");
        report.Check(tables.Any(t => t.Name.EndsWith("History", StringComparison.Ordinal)) && tables.Any(t => t.Name.EndsWith("Instances", StringComparison.Ordinal)), "the task hub's history and instances tables were not scanned");
        report.Check(queues.Messages > 0, "no task hub queue message was seen");
        report.AddProblems(hits.Distinct().Take(20).Select(h => $"secret found: {h}"));
        var control = scan.Find(inbox.ToString()).Where(h => h.Contains("as is", StringComparison.Ordinal) && !h.StartsWith("Auth0", StringComparison.Ordinal) && !h.StartsWith("the Auth0", StringComparison.Ordinal)).Distinct().Count();
        var auth0Control = scan.Find(inbox.ToString()).Where(h => h.StartsWith("Auth0 hash value", StringComparison.Ordinal) && h.Contains("as is", StringComparison.Ordinal)).Distinct().Count();
        report.Figure("check of the scan: Auth0 hash values found in the input", $"{auth0Control} of {Auth0Files.HashValues.Count}");
        report.Check(auth0Control == Auth0Files.HashValues.Count, "the scan does not find the Auth0 hashes in the input itself");
        report.Figure($"check of the scan: secrets found in the input ({Inbox}, not counted)", $"{control} of {input.Secrets.Count}");
        report.Check(control == input.Secrets.Count, "the scan does not find the secrets in the input itself");
        report.Figure("total time (s)", Math.Round(clock.Elapsed.TotalSeconds, 1));
        return report;
    }

    /// <summary>Starts a job, waits for it, and keeps every payload the API answered.</summary>
    private static async Task<string> RunJobAsync(ScenarioStack stack, StringBuilder payloads, SecretsSettings settings, Func<Task<JsonObject>> start)
    {
        var started = await start();
        payloads.AppendLine(started.ToJsonString());
        var id = started["id"]!.ToString();
        foreach (var (_, body) in await Jobs.WaitFinishedAsync(stack.Client, id, settings.Timeout, stack.Server.ReadLogs))
        {
            payloads.AppendLine(body.ToJsonString());
        }

        return id;
    }

    /// <summary>Every entity of every table, all properties, one table per source.</summary>
    private static async Task<List<(string Name, string Text)>> TablesAsync(string connectionString, CancellationToken ct)
    {
        var service = new TableServiceClient(connectionString);
        var tables = new List<(string, string)>();
        await foreach (var table in service.QueryAsync(cancellationToken: ct))
        {
            var text = new StringBuilder();
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: ct))
            {
                foreach (var (key, value) in entity)
                {
                    text.Append(key).Append('=').Append(value is byte[] bytes ? Text(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            tables.Add(($"table {table.Name}", text.ToString()));
        }

        return tables;
    }

    /// <summary>Bytes as text; gzip'd ones (the task hub's large messages) unpacked first.</summary>
    private static string Text(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Peeks at every queue of the account while the jobs run (messages live for moments), keeping each message once.</summary>
    private sealed class QueueWatch(string connectionString)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly StringBuilder _text = new();

        public int Messages => _seen.Count;

        public string Text => _text.ToString();

        public async Task RunAsync(CancellationToken ct)
        {
            var service = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await foreach (var queue in service.GetQueuesAsync(cancellationToken: ct))
                    {
                        foreach (var message in (await service.GetQueueClient(queue.Name).PeekMessagesAsync(32, ct)).Value)
                        {
                            if (_seen.Add(message.MessageId + message.DequeueCount))
                            {
                                _text.Append(message.Body.ToString()).Append('\n');
                            }
                        }
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Every blob (and snapshot) of every container: its content and metadata, named container/blob.</summary>
    private static async IAsyncEnumerable<(string Name, string Text)> BlobsAsync(ScenarioStack stack, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var container in stack.Blobs.GetBlobContainersAsync(cancellationToken: ct))
        {
            var client = stack.Blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(BlobTraits.Metadata, BlobStates.Snapshots, prefix: null, ct))
            {
                var blobClient = client.GetBlobClient(blob.Name);
                var content = await (blob.Snapshot is null ? blobClient : blobClient.WithSnapshot(blob.Snapshot)).DownloadContentAsync(ct);
                var metadata = string.Join('\n', blob.Metadata.Select(m => $"{m.Key}={m.Value}"));
                yield return ($"{container.Name}/{blob.Name}", Text(content.Value.Content.ToArray()) + "\n" + metadata);
            }
        }
    }
}
