using System.Text;
using System.Text.Json.Nodes;
using Ferry.Core.Jobs;
using Ferry.Core.Pipeline;
using Ferry.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests.Pipeline;

/// <summary>One in-process job run against the sandbox, with its reports read back.</summary>
internal sealed class PipelineRun
{
    private PipelineRun(JobSummary summary, string directory)
    {
        Summary = summary;
        Directory = directory;
    }

    public JobSummary Summary { get; }

    public string Directory { get; }

    public string ResultsText => File.ReadAllText(Path.Combine(Directory, ReportNames.Results));

    public string FailedText => File.ReadAllText(Path.Combine(Directory, ReportNames.Failed));

    public string SummaryText => File.ReadAllText(Path.Combine(Directory, ReportNames.Summary));

    /// <summary>results.csv as dictionaries keyed by column, in file order.</summary>
    public List<Dictionary<string, string>> Results => ReadCsv(ResultsText);

    public List<Dictionary<string, string>> Failed => ReadCsv(FailedText);

    public static async Task<PipelineRun> RunAsync(OktaHarness harness, string csv, JobOptions? options = null, string fileName = "users.csv", MigrationRunSettings? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var runner = harness.Services.GetRequiredService<MigrationRunner>();
        var summary = await runner.RunAsync(
            file,
            fileName,
            options ?? new JobOptions(),
            new DirectoryReportSink(directory),
            settings ?? new MigrationRunSettings(RetryRoundDelay: TimeSpan.FromMilliseconds(200)),
            TestContext.Current.CancellationToken);
        return new PipelineRun(summary, directory);
    }

    public static async Task<JsonObject> UserAsync(OktaHarness harness, string login)
    {
        using var client = harness.Sandbox.CreateClient();
        var response = await client.GetAsync(new Uri($"/api/v1/users/{Uri.EscapeDataString(login)}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static async Task<List<string>> GroupNamesOfAsync(OktaHarness harness, string login)
    {
        var user = await UserAsync(harness, login);
        using var client = harness.Sandbox.CreateClient();
        var groups = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/users/{user["id"]}/groups", UriKind.Relative)))!.AsArray();
        return groups.Select(g => (string)g!["profile"]!["name"]!).Where(n => n != "Everyone").ToList();
    }

    /// <summary>A small RFC 4180 reader for the reports (quoted cells, doubled quotes, CRLF).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        text = text.TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
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
            else if (c == '\n')
            {
                record.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        var header = records[0];
        return records.Skip(1).Select(r => header.Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(p => p.h, p => p.v)).ToList();
    }
}
