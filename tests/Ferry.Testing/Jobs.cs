using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Ferry.Testing;

/// <summary>Helpers that drive jobs through the management API as a user's script would (tests and benchmarks).</summary>
public static class Jobs
{
    public static async Task<JsonObject> StartCsvAsync(HttpClient client, string csv, string query = "", string name = "users.csv")
    {
        var response = await client.PostAsync(
            new Uri($"/api/migrations?name={Uri.EscapeDataString(name)}{(query.Length > 0 ? "&" + query : "")}", UriKind.Relative),
            new StringContent(csv, Encoding.UTF8, "text/csv"));
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

    public static Task<List<(HttpStatusCode Status, JsonObject Body)>> WaitFinishedAsync(HttpClient client, string id, TimeSpan? timeout = null, Func<string>? logs = null) =>
        WaitAsync(client, id, b => b["runtimeStatus"]!.ToString() is "Completed" or "Failed" or "Terminated", timeout, logs);

    public static async Task<string> ReportAsync(BlobServiceClient blobs, string id, string name, string container = "ferry-reports")
    {
        var content = await blobs.GetBlobContainerClient(container).GetBlobClient($"{id}/{name}").DownloadContentAsync();
        return content.Value.Content.ToString().TrimStart('\uFEFF');
    }

    /// <summary>results.csv lines (header excluded), split naively: the tests keep commas out of their cells.</summary>
    public static async Task<List<string[]>> ResultsAsync(BlobServiceClient blobs, string id, string container = "ferry-reports") =>
        (await ReportAsync(blobs, id, "results.csv", container))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .ToList();

    public static string Csv(string prefix, int rows, string groups = "") =>
        "email,firstName,lastName,groups\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{prefix}{i}@example.com,U,{i},{groups}\n"));

    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
}
