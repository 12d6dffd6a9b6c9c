using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Ferry.Cli.Jobs;

/// <summary>A finished job: the summary table (summary.json's figures), a job-level failure, and where the reports are.</summary>
public static class JobSummary
{
    private static readonly string[] Figures =
        ["outcome", "rowsTotal", "rowsSucceeded", "rowsNeedingAttention", "rowsInvalid", "callsTotal", "throttled", "durationSeconds"];

    public static void Write(IAnsiConsole console, JobView job)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(job);
        var table = new Table().Title($"Job {Markup.Escape(job.Id)} {Markup.Escape(job.RuntimeStatus)}").AddColumn("summary").AddColumn(new TableColumn("value").RightAligned());
        if (job.Summary is { } summary)
        {
            foreach (var figure in Figures)
            {
                if (summary[figure] is JsonValue value)
                {
                    table.AddRow(figure, Markup.Escape(value.ToString()));
                }
            }

            foreach (var group in new[] { "actions", "errorCodes" })
            {
                foreach (var (name, count) in summary[group] as JsonObject ?? [])
                {
                    table.AddRow(Markup.Escape($"{group}.{name}"), Markup.Escape(count?.ToString() ?? ""));
                }
            }
        }
        else
        {
            table.AddRow("rows", string.Create(CultureInfo.InvariantCulture, $"{job.RowsDone}/{job.RowsTotal}"));
        }

        console.Write(table);
        if (job.Output?["failure"] is JsonObject failure)
        {
            console.WriteLine($"Failure: {JobView.Text(failure["code"])}: {JobView.Text(failure["message"])}");
        }

        if (job.Output?["reports"] is JsonObject reports)
        {
            console.WriteLine("Reports (container/blob):");
            foreach (var (name, path) in reports)
            {
                console.WriteLine($"  {name}: {path}");
            }

            console.WriteLine($"Download: ferry report {job.Id} --name failed.csv --out failed.csv (also results.csv, summary.json)");
        }
    }

    /// <summary>0 completed with every row done, 1 rows need attention, 2 failed or terminated.</summary>
    public static int ExitCode(JobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.RuntimeStatus != "Completed")
        {
            return ExitCodes.FileOrJobFailed;
        }

        var attention = job.Summary?["rowsNeedingAttention"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        return attention > 0 ? ExitCodes.RowsNeedAttention : ExitCodes.Ok;
    }
}
