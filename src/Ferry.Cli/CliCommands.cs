using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Ferry.Cli;

/// <summary>The commands: <c>migrate</c> drops a CSV into the inbox and follows its job to the end; <c>status</c> shows one job.</summary>
public static class CliCommands
{
    private const string DefaultServer = "http://127.0.0.1:7071";
    private const string DefaultStorage = "UseDevelopmentStorage=true";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = CliArguments.Parse(args.Skip(1));
        try
        {
            return args.FirstOrDefault() switch
            {
                "migrate" when arguments.Positional.Count == 1 => await MigrateAsync(arguments, output),
                "status" when arguments.Positional.Count == 1 => await StatusAsync(arguments, output),
                _ => Usage(errors),
            };
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"ferry: cannot reach the Ferry server ({e.Message}); is it running? (--server, default {DefaultServer})");
            return 1;
        }
    }

    private static int Usage(TextWriter errors)
    {
        errors.WriteLine("usage: ferry migrate <file.csv> [--server URL] [--key KEY] [--storage CONNECTION] [--container NAME] [--option name=value]...");
        errors.WriteLine("       ferry status <instanceId> [--server URL] [--key KEY]");
        errors.WriteLine("The key can also come from FERRY_API_KEY, the storage connection from FERRY_STORAGE.");
        return 2;
    }

    private static async Task<int> MigrateAsync(CliArguments arguments, TextWriter output)
    {
        var file = arguments.Positional[0];
        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"ferry: {file} does not exist");
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in arguments.Options("option"))
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                await output.WriteLineAsync($"ferry: --option expects name=value, not '{option}'");
                return 2;
            }

            options[option[..equals]] = option[(equals + 1)..];
        }

        // 1. Drop the file into the inbox, options as blob metadata (what the inbox watcher reads).
        var storage = new BlobServiceClient(
            arguments.Option("storage") ?? Environment.GetEnvironmentVariable("FERRY_STORAGE") ?? DefaultStorage,
            new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        var inbox = storage.GetBlobContainerClient(arguments.Option("container") ?? "ferry-inbox");
        await inbox.CreateIfNotExistsAsync();
        var blobName = $"cli/{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}/{Path.GetFileName(file)}";
        await using (var content = File.OpenRead(file))
        {
            await inbox.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
                Metadata = options,
            });
        }

        await output.WriteLineAsync($"Uploaded {file} to {inbox.Name}/{blobName}");

        // 2. Ask the server for the job of that blob version (the same one the watcher starts).
        using var http = Client(arguments);
        var start = await http.PostAsJsonAsync(new Uri("/api/migrations", UriKind.Relative), new { blob = new { container = inbox.Name, name = blobName }, options });
        var payload = await start.Content.ReadFromJsonAsync<JsonObject>();
        if (!start.IsSuccessStatusCode || payload?["id"] is null)
        {
            await output.WriteLineAsync($"ferry: the server refused the job ({(int)start.StatusCode}): {payload?["detail"] ?? payload?.ToJsonString()}");
            return 1;
        }

        var id = payload["id"]!.ToString();
        await output.WriteLineAsync($"Job {id} started; status: /api/migrations/{id}");

        // 3. Follow it.
        var last = "";
        while (true)
        {
            var response = await http.GetAsync(new Uri($"/api/migrations/{id}", UriKind.Relative));
            if ((int)response.StatusCode >= 500)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
                continue;
            }

            var status = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var line = Progress(status);
            if (line != last)
            {
                await output.WriteLineAsync(line);
                last = line;
            }

            if (response.StatusCode == System.Net.HttpStatusCode.OK && status["output"] is not null)
            {
                await Summary(status, storage, output);
                return status["runtimeStatus"]!.ToString() == "Completed" ? 0 : 1;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        }
    }

    private static async Task<int> StatusAsync(CliArguments arguments, TextWriter output)
    {
        using var http = Client(arguments);
        var response = await http.GetAsync(new Uri($"/api/migrations/{Uri.EscapeDataString(arguments.Positional[0])}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        await output.WriteLineAsync(text.Length == 0 ? $"{(int)response.StatusCode}" : JsonNode.Parse(text)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    private static string Progress(JsonObject status)
    {
        var custom = status["customStatus"]!;
        var budget = custom["budget"]!.AsArray().FirstOrDefault(b => b!["bucket"]!.ToString() == "users");
        var rate = custom["rowsPerMinute"] is { } r ? $", {r} rows/min" : "";
        var limit = budget is null ? "" : $", users bucket {budget["remaining"]}/{budget["limit"]} left";
        return string.Create(CultureInfo.InvariantCulture, $"  {status["runtimeStatus"]} · {custom["phase"]} · {custom["rowsDone"]}/{custom["rowsTotal"]} rows ({custom["percent"]}%){rate}{limit}");
    }

    private static async Task Summary(JsonObject status, BlobServiceClient storage, TextWriter output)
    {
        var summary = status["output"]!["summary"];
        var reports = status["output"]!["reports"]!;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Job {status["instanceId"]} {status["runtimeStatus"]}.");
        if (status["output"]!["failure"] is { } failure)
        {
            await output.WriteLineAsync($"  {failure["code"]}: {failure["message"]}");
        }

        if (summary is not null)
        {
            await output.WriteLineAsync($"  rows: {summary["rowsTotal"]} total, {summary["rowsSucceeded"]} succeeded, {summary["rowsNeedingAttention"]} need attention ({summary["rowsInvalid"]} invalid)");
            await output.WriteLineAsync($"  actions: {string.Join(", ", summary["actions"]!.AsObject().Select(a => $"{a.Key} {a.Value}"))}");
            await output.WriteLineAsync($"  groups: {summary["groups"]!["created"]} created, {summary["groups"]!["found"]} found");
            await output.WriteLineAsync($"  Okta calls: {summary["callsTotal"]}, 429s: {summary["throttled"]}, {summary["durationSeconds"]} s");
        }

        await output.WriteLineAsync($"Reports (container/blob): {reports["results"]}, {reports["failed"]}, {reports["summary"]}");
        var failed = reports["failed"]!.ToString().Split('/', 2);
        try
        {
            var content = await storage.GetBlobContainerClient(failed[0]).GetBlobClient(failed[1]).DownloadContentAsync();
            var lines = content.Value.Content.ToString().TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length > 1)
            {
                await output.WriteLineAsync($"Rows needing attention (first {Math.Min(5, lines.Length - 1)} of {lines.Length - 1}, from failed.csv):");
                foreach (var line in lines.Skip(1).Take(5))
                {
                    await output.WriteLineAsync($"  {line}");
                }
            }
        }
        catch (Azure.RequestFailedException)
        {
            // reports not readable from here (another storage account): the locations above still stand
        }
    }

    private static HttpClient Client(CliArguments arguments)
    {
        var http = new HttpClient { BaseAddress = new Uri(arguments.Option("server") ?? DefaultServer), Timeout = TimeSpan.FromSeconds(60) };
        if ((arguments.Option("key") ?? Environment.GetEnvironmentVariable("FERRY_API_KEY")) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("x-ferry-key", key);
        }

        return http;
    }
}
