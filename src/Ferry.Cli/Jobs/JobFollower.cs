using System.Globalization;
using Ferry.Cli.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ferry.Cli.Jobs;

/// <summary>
/// Follows a job until it finishes: on a terminal a live display (progress bar, rows, rate, ETA, 429s, budget per
/// bucket) redrawn every poll; when stdout is redirected, a plain line at most every <see cref="PlainEvery"/> (and
/// whenever the status or phase changes). Returns the finished status, or the answer that stopped it.
/// </summary>
public sealed class JobFollower(FerryApi api, IAnsiConsole console, bool live, TimeProvider time)
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public async Task<(JobView? Job, ApiAnswer? Error)> FollowAsync(string id, CancellationToken cancellationToken)
    {
        if (!live)
        {
            return await FollowPlainAsync(id, cancellationToken);
        }

        (JobView? Job, ApiAnswer? Error) result = (null, null);
        await console.Live(new Text($"Job {id}: waiting for its first status…"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                while (true)
                {
                    var (job, error, finished) = await NextAsync(id, cancellationToken);
                    if (error is not null || finished)
                    {
                        if (job is not null)
                        {
                            context.UpdateTarget(Render(job));
                        }

                        result = (job, error);
                        return;
                    }

                    if (job is not null)
                    {
                        context.UpdateTarget(Render(job));
                        context.Refresh();
                    }

                    await Task.Delay(Poll, time, cancellationToken);
                }
            });
        return result;
    }

    private async Task<(JobView? Job, ApiAnswer? Error)> FollowPlainAsync(string id, CancellationToken cancellationToken)
    {
        var lastPrinted = DateTimeOffset.MinValue;
        var lastState = "";
        while (true)
        {
            var (job, error, finished) = await NextAsync(id, cancellationToken);
            if (error is not null)
            {
                return (job, error);
            }

            if (job is not null)
            {
                var state = $"{job.RuntimeStatus}/{job.Phase}";
                var now = time.GetUtcNow();
                if (finished || state != lastState || now - lastPrinted >= PlainEvery)
                {
                    console.WriteLine($"progress: {job.Line()}");
                    lastPrinted = now;
                    lastState = state;
                }

                if (finished)
                {
                    return (job, null);
                }
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    /// <summary>One poll: the job, or the error that ends following (a 5xx is waited out: the server may be restarting).</summary>
    private async Task<(JobView? Job, ApiAnswer? Error, bool Finished)> NextAsync(string id, CancellationToken cancellationToken)
    {
        ApiAnswer answer;
        try
        {
            answer = await api.StatusAsync(id, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return (null, null, false);
        }

        if ((int)answer.Status >= 500)
        {
            return (null, null, false);
        }

        if (!answer.IsSuccess || answer.Body is null)
        {
            return (null, answer, false);
        }

        var job = new JobView(answer.Body);
        return (job, null, answer.Status == System.Net.HttpStatusCode.OK && job.IsFinished);
    }

    private static IRenderable Render(JobView job)
    {
        const int width = 40;
        var filled = (int)Math.Round(Math.Clamp(job.Percent, 0, 100) / 100 * width);
        var bar = $"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/]";
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(new Markup("[bold]Job[/]"), new Markup($"{Markup.Escape(job.Id)}  [yellow]{Markup.Escape(job.RuntimeStatus)}[/] · phase [blue]{Markup.Escape(job.Phase)}[/]"));
        grid.AddRow(new Markup("[bold]Rows[/]"), new Markup(string.Create(CultureInfo.InvariantCulture, $"{bar} {job.RowsDone}/{job.RowsTotal} ({job.Percent:0.0}%)")));
        grid.AddRow(
            new Markup("[bold]Rate[/]"),
            new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"{(job.RowsPerMinute is { } r ? $"{r:0.#} rows/min" : "-")} · ETA {(job.EtaSeconds is { } e && !job.IsFinished ? JobView.Duration(e) : "-")} · 429s {job.Throttled}")));
        var budget = new Table().AddColumn("bucket").AddColumn(new TableColumn("limit").RightAligned()).AddColumn(new TableColumn("remaining").RightAligned())
            .AddColumn(new TableColumn("used").RightAligned()).AddColumn(new TableColumn("in flight").RightAligned()).AddColumn(new TableColumn("429s").RightAligned());
        foreach (var (bucket, limit, remaining, inFlight, throttled) in job.Budget)
        {
            var used = limit is > 0 && remaining is { } left ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * (limit.Value - left) / limit.Value:0}%") : "-";
            budget.AddRow(
                Markup.Escape(bucket),
                limit?.ToString(CultureInfo.InvariantCulture) ?? "-",
                remaining?.ToString(CultureInfo.InvariantCulture) ?? "-",
                used,
                inFlight.ToString(CultureInfo.InvariantCulture),
                throttled.ToString(CultureInfo.InvariantCulture));
        }

        return job.Budget.Count == 0 ? grid : new Rows(grid, new Markup("[bold]Budget[/]"), budget);
    }
}
