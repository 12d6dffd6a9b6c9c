using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Ferry.Testing;

/// <summary>Helpers that drive jobs through the management API as a user's script would (tests and benchmarks).</summary>
public static class Jobs
{
    public static Task<JsonObject> StartCsvAsync(HttpClient client, string csv, string query = "", string name = "users.csv") =>
        StartFileAsync(client, Encoding.UTF8.GetBytes(csv), query, name);

    /// <summary>POSTs a file's exact bytes (any encoding, or not text at all) as a job's CSV.</summary>
    public static async Task<JsonObject> StartFileAsync(HttpClient client, byte[] file, string query = "", string name = "users.csv")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync(
            new Uri($"/api/migrations?name={Uri.EscapeDataString(name)}{(query.Length > 0 ? "&" + query : "")}", UriKind.Relative),
            content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/migrations answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var payload = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        if (payload["statusQueryGetUri"]!.ToString() != response.Headers.Location?.ToString())
        {
            throw new InvalidOperationException("the Location header is not the statusQueryGetUri");
        }

        return payload;
    }

    public static async Task<(HttpStatusCode Status, JsonObject? Body)> StatusAsync(HttpClient client, string id, CancellationToken cancellationToken = default)
    {
        var response = await client.GetAsync(new Uri($"/api/migrations/{id}", UriKind.Relative), cancellationToken);
        var body = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
        return (response.StatusCode, body);
    }

    /// <summary>Rows processed so far, from a status body.</summary>
    public static int RowsDone(JsonObject status) => (int)status["customStatus"]!["rowsDone"]!;

    /// <summary>Whether a status body says the job has finished, reports written.</summary>
    public static bool IsDone(JsonObject status) => status["customStatus"]!["phase"]!.ToString() == "done";

    /// <summary>Polls the status until <paramref name="done"/> holds; returns every status seen.</summary>
    public static async Task<List<(HttpStatusCode Status, JsonObject Body)>> WaitAsync(
        HttpClient client,
        string id,
        Func<JsonObject, bool> done,
        TimeSpan? timeout = null,
        Func<string>? logs = null,
        CancellationToken cancellationToken = default)
    {
        var seen = new List<(HttpStatusCode, JsonObject)>();
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                var (status, body) = await StatusAsync(client, id, cancellationToken);
                if (body is not null)
                {
                    seen.Add((status, body));
                    if (done(body))
                    {
                        return seen;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // the server is restarting
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the server is gone mid-request (killed)
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"job {id} did not get there; last status: {seen.LastOrDefault().Item2?.ToJsonString()}\n{logs?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>
    /// Reads the job's progress now, then waits until it has processed more rows (a batch committed) or finished;
    /// returns that status. How a test sees a job carry on after a crash, a lost node or a storage outage.
    /// </summary>
    public static async Task<JsonObject> WaitForProgressAsync(HttpClient client, string id, TimeSpan? timeout = null, Func<string>? logs = null, CancellationToken cancellationToken = default)
    {
        var now = RowsDone((await WaitAsync(client, id, _ => true, timeout, logs, cancellationToken))[^1].Body);
        return (await WaitAsync(client, id, b => RowsDone(b) > now || IsDone(b), timeout, logs, cancellationToken))[^1].Body;
    }

    /// <summary>Uploads a file into the inbox container (<paramref name="metadata"/>: job options), as a user dropping it there would.</summary>
    public static async Task DropAsync(BlobServiceClient blobs, string name, byte[] file, IDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await blobs.GetBlobContainerClient("ferry-inbox").GetBlobClient(name)
            .UploadAsync(BinaryData.FromBytes(file), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
    }

    /// <summary>The id of the job the inbox watcher started for the blob <paramref name="name"/>, from the list endpoint.</summary>
    public static async Task<string> WaitForInboxJobAsync(HttpClient client, string name, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            var all = await client.GetFromJsonAsync<JsonArray>(new Uri("/api/migrations?top=1000", UriKind.Relative));
            if (all!.FirstOrDefault(j => j!["input"]?["blob"]?["name"]?.ToString() == name) is { } job)
            {
                return job["instanceId"]!.ToString();
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"no job started for inbox blob {name}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        }
    }

    public static Task<List<(HttpStatusCode Status, JsonObject Body)>> WaitFinishedAsync(HttpClient client, string id, TimeSpan? timeout = null, Func<string>? logs = null) =>
        WaitAsync(client, id, b => b["runtimeStatus"]!.ToString() is "Completed" or "Failed" or "Terminated", timeout, logs);

    public static async Task<string> ReportAsync(BlobServiceClient blobs, string id, string name, string container = "ferry-reports")
    {
        var content = await blobs.GetBlobContainerClient(container).GetBlobClient($"{id}/{name}").DownloadContentAsync();
        return content.Value.Content.ToString().TrimStart('\uFEFF');
    }

    /// <summary>results.csv records (header excluded), cells unquoted.</summary>
    public static async Task<List<string[]>> ResultsAsync(BlobServiceClient blobs, string id, string container = "ferry-reports") =>
        ParseCsv(await ReportAsync(blobs, id, "results.csv", container)).Skip(1).ToList();

    /// <summary>A report's records (RFC 4180: quoted cells may hold commas, quotes and line breaks), the header first.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                // the CR of a CRLF line end
            }
            else if (c == '\n')
            {
                record.Add(cell.ToString());
                records.Add([.. record]);
                record.Clear();
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add([.. record]);
        }

        return records;
    }

    public static string Csv(string prefix, int rows, string groups = "") =>
        "email,firstName,lastName,groups\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{prefix}{i}@example.com,U,{i},{groups}\n"));

    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
}
