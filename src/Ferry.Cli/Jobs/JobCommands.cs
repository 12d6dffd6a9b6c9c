using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Cli.Api;
using Ferry.Cli.Configuration;
using Spectre.Console;

namespace Ferry.Cli.Jobs;

/// <summary>The commands that talk to a Ferry server: migrate, status, list, report, approve, terminate, rerun-failed, undo.</summary>
public sealed class JobCommands(FerryConnection connection, IAnsiConsole console, TextWriter errors, bool live)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Uploads the file as a new job, then (unless <paramref name="detach"/>) follows it and prints its summary.</summary>
    public async Task<int> MigrateAsync(string file, IEnumerable<string>? optionFlags, string? target, bool detach, CancellationToken cancellationToken)
    {
        var (pairs, _, problem) = OptionPairs.Parse(optionFlags, target);
        if (pairs is null)
        {
            await errors.WriteLineAsync($"ferry migrate: {problem}");
            return ExitCodes.Usage;
        }

        if (!File.Exists(file))
        {
            await errors.WriteLineAsync($"ferry migrate: {file} does not exist");
            return ExitCodes.NoInput;
        }

        using var api = new FerryApi(connection);
        var started = await api.StartAsync(file, pairs, cancellationToken);
        if (!started.IsSuccess || JobView.Text(started.Body?["id"]) is not { } id)
        {
            return await FailAsync("migrate", started);
        }

        console.WriteLine($"Job {id} started from {file}");
        if (detach)
        {
            console.WriteLine(id);
            return ExitCodes.Ok;
        }

        var (job, error) = await new JobFollower(api, console, live, TimeProvider.System).FollowAsync(id, cancellationToken);
        if (error is not null || job is null)
        {
            return await FailAsync("migrate", error!);
        }

        console.WriteLine();
        JobSummary.Write(console, job);
        return JobSummary.ExitCode(job);
    }

    public async Task<int> StatusAsync(string id, bool json, CancellationToken cancellationToken)
    {
        using var api = new FerryApi(connection);
        var answer = await api.StatusAsync(id, cancellationToken);
        if (!answer.IsSuccess || answer.Body is null)
        {
            return await FailAsync("status", answer);
        }

        if (json)
        {
            console.Profile.Out.Writer.WriteLine(answer.Body.ToJsonString(Indented));
            return ExitCodes.Ok;
        }

        var job = new JobView(answer.Body);
        console.WriteLine(job.Line());
        if (job.IsFinished)
        {
            JobSummary.Write(console, job);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Lists up to <paramref name="top"/> jobs (every job when null), newest first, reading pages of
    /// <paramref name="pageSize"/> and following the server's continuation token from one to the next.
    /// </summary>
    public async Task<int> ListAsync(string? runtimeStatus, int? top, int pageSize, CancellationToken cancellationToken)
    {
        using var api = new FerryApi(connection);
        var jobs = new List<JsonNode?>();
        string? next = null;
        do
        {
            var size = top is { } limit ? Math.Min(pageSize, limit - jobs.Count) : pageSize;
            var (answer, token) = await api.ListPageAsync(runtimeStatus, size, next, cancellationToken);
            if (!answer.IsSuccess || answer.Body is not JsonArray page)
            {
                return await FailAsync("list", answer);
            }

            jobs.AddRange(page.Take(size).Select(job => job?.DeepClone()));
            next = token;
        }
        while (next is not null && (top is null || jobs.Count < top));

        var table = new Table().AddColumn("id").AddColumn("status").AddColumn("phase").AddColumn(new TableColumn("rows").RightAligned()).AddColumn("created");
        foreach (var job in jobs.OfType<JsonObject>().Select(j => new JobView(j)))
        {
            table.AddRow(
                Markup.Escape(job.Id),
                Markup.Escape(job.RuntimeStatus),
                Markup.Escape(job.Phase),
                string.Create(CultureInfo.InvariantCulture, $"{job.RowsDone}/{job.RowsTotal}"),
                Markup.Escape(JobView.Text(job.Status["createdTime"]) ?? ""));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{jobs.Count} job(s)"));
        return ExitCodes.Ok;
    }

    /// <summary>Downloads a report to <paramref name="output"/> (a file), or to stdout.</summary>
    public async Task<int> ReportAsync(string id, string name, string? output, CancellationToken cancellationToken)
    {
        using var api = new FerryApi(connection);
        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            var answer = await api.DownloadReportAsync(id, name, stdout, cancellationToken);
            return answer.IsSuccess ? ExitCodes.Ok : await FailAsync("report", answer);
        }

        var temporary = output + ".part";
        ApiAnswer downloaded;
        await using (var file = File.Create(temporary))
        {
            downloaded = await api.DownloadReportAsync(id, name, file, cancellationToken);
        }

        if (!downloaded.IsSuccess)
        {
            File.Delete(temporary);
            return await FailAsync("report", downloaded);
        }

        File.Move(temporary, output, overwrite: true);
        await errors.WriteLineAsync($"{name} of {id} written to {output}");
        return ExitCodes.Ok;
    }

    public Task<int> ApproveAsync(string id, CancellationToken cancellationToken) =>
        ControlAsync("approve", id, api => api.ApproveAsync(id, cancellationToken), $"Job {id} approved: it now writes to the target");

    public Task<int> TerminateAsync(string id, string? reason, CancellationToken cancellationToken) =>
        ControlAsync("terminate", id, api => api.TerminateAsync(id, reason, cancellationToken), $"Job {id} is terminating: its batches in progress finish, then its reports are written");

    public async Task<int> RerunFailedAsync(string id, CancellationToken cancellationToken)
    {
        using var api = new FerryApi(connection);
        var answer = await api.RerunFailedAsync(id, cancellationToken);
        if (!answer.IsSuccess || JobView.Text(answer.Body?["id"]) is not { } rerun)
        {
            return await FailAsync("rerun-failed", answer);
        }

        console.WriteLine($"Job {rerun} started over the failed rows of {id}");
        return ExitCodes.Ok;
    }

    public async Task<int> UndoAsync(string id, bool noApproval, CancellationToken cancellationToken)
    {
        using var api = new FerryApi(connection);
        var answer = await api.UndoAsync(id, requireApproval: !noApproval, cancellationToken);
        if (!answer.IsSuccess || JobView.Text(answer.Body?["id"]) is not { } undo)
        {
            return await FailAsync("undo", answer, id);
        }

        if (noApproval)
        {
            console.WriteLine($"Job {undo} started: it deletes what {id} created (users changed since are kept)");
            return ExitCodes.Ok;
        }

        console.WriteLine($"Job {undo} started: a dry run of the undo of {id}, then it waits");
        console.WriteLine($"Check: ferry report {undo} --name results.csv");
        console.WriteLine($"Then: ferry approve {undo}");
        return ExitCodes.Ok;
    }

    private async Task<int> ControlAsync(string command, string id, Func<FerryApi, Task<ApiAnswer>> call, string done)
    {
        using var api = new FerryApi(connection);
        var answer = await call(api);
        if (!answer.IsSuccess)
        {
            return await FailAsync(command, answer, id);
        }

        console.WriteLine(done);
        return ExitCodes.Ok;
    }

    private async Task<int> FailAsync(string command, ApiAnswer answer, string? id = null)
    {
        await errors.WriteLineAsync($"ferry {command}{(id is null ? "" : $" {id}")}: {answer.Describe()}");
        return answer.ExitCode;
    }
}
