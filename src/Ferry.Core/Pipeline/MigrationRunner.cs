using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;
using Ferry.Core.Reports;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Pipeline;

/// <summary>
/// Runs a whole job in this process: plan, groups phase, rows phase (with extra passes over transient failures),
/// activation phase, reports. The durable hosts run the same steps as orchestrations; this runner serves the tests,
/// the benchmarks and anyone embedding Ferry's domain.
/// </summary>
public sealed partial class MigrationRunner(OktaClientFactory oktaFactory, TimeProvider time, ILogger<MigrationRunner> logger)
{
    public async Task<JobSummary> RunAsync(
        Stream file,
        string fileName,
        JobOptions options,
        IReportSink reports,
        MigrationRunSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        settings ??= new MigrationRunSettings();
        var startedAt = time.GetUtcNow();
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        var metrics = new OktaCallMetrics();
        var tally = new OutcomeTally();

        var phase = time.GetTimestamp();
        var planned = await CsvJobReader.PlanAsync(file, fileName, options, settings.Csv ?? new CsvPlanSettings(), cancellationToken);
        phases["planning"] = Seconds(phase);
        if (planned.Failure is { } planFailure)
        {
            return await FinishAsync(reports, fileName, options, "failed", planFailure, tally, GroupsSummary.None, metrics, [], startedAt, phases, null, cancellationToken);
        }

        var plan = planned.Plan!;
        LogPlanned(logger, fileName, plan.RowCount, plan.InvalidRowCount);
        if (options.FailOnInvalidRows && plan.InvalidRowCount > 0)
        {
            var failure = new JobFailure(
                "invalid-rows",
                $"{fileName}: {plan.InvalidRowCount} invalid row(s) and failOnInvalidRows is true; nothing was sent to Okta. First: {string.Join(" | ", plan.FirstErrors.Take(5))}");
            return await FinishAsync(reports, fileName, options, "failed", failure, tally, GroupsSummary.None, metrics, plan.Header.IgnoredHeaders, startedAt, phases, null, cancellationToken);
        }

        var okta = oktaFactory.Create(metrics);
        var outcomes = new RowOutcome[plan.RowCount];
        try
        {
            phase = time.GetTimestamp();
            var groups = options.Kind is JobKind.Import or JobKind.AssignGroups
                ? await new GroupResolver(okta).ResolveAsync(plan.GroupNames, options, cancellationToken)
                : GroupResolution.Empty;
            phases["groups"] = Seconds(phase);
            if (groups.Fatal is { } fatal)
            {
                throw new OktaUnauthorizedException(fatal);
            }

            var processor = new RowProcessor(okta, new JobContext(options, startedAt, groups), time);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };

            // Rows phase. Rows whose outcome may still change (transient failure, activation ahead) are kept.
            phase = time.GetTimestamp();
            var pending = new Dictionary<int, UserRow>();
            file.Position = 0;
            await Parallel.ForEachAsync(CsvJobReader.ReadAllAsync(file, plan, cancellationToken), parallel, async (row, token) =>
            {
                var outcome = await processor.ProcessAsync(row, token);
                outcomes[row.Row - 1] = outcome;
                if (row.User is { } user && (outcome.Retryable || processor.NeedsActivation(outcome)))
                {
                    lock (pending)
                    {
                        pending[row.Row] = user;
                    }
                }
            });
            await RetryTransientAsync(pending, outcomes, (user, _, token) => processor.ProcessAsync(ToParsed(user), token), settings, parallel, cancellationToken);
            phases["rows"] = Seconds(phase);

            // Activation phase (imports that asked for it).
            phase = time.GetTimestamp();
            var toActivate = pending.Where(p => processor.NeedsActivation(outcomes[p.Key - 1])).ToDictionary(p => p.Key, p => p.Value);
            await Parallel.ForEachAsync(toActivate, parallel, async (entry, token) =>
                outcomes[entry.Key - 1] = await processor.ActivateAsync(entry.Value, outcomes[entry.Key - 1], token));
            await RetryTransientAsync(toActivate, outcomes, (user, outcome, token) => processor.ActivateAsync(user, outcome, token), settings, parallel, cancellationToken);
            phases["activation"] = Seconds(phase);

            foreach (var outcome in outcomes)
            {
                tally.Add(outcome);
            }

            return await FinishAsync(reports, fileName, options, "completed", null, tally, SummaryBuilder.Groups(groups), metrics, plan.Header.IgnoredHeaders, startedAt, phases, outcomes, cancellationToken);
        }
        catch (OktaUnauthorizedException e)
        {
            var done = outcomes.Where(o => o is not null).ToArray();
            foreach (var outcome in done)
            {
                tally.Add(outcome);
            }

            return await FinishAsync(reports, fileName, options, "failed", new JobFailure(e.Code, e.Message), tally, GroupsSummary.None, metrics, plan.Header.IgnoredHeaders, startedAt, phases, done, cancellationToken);
        }
    }

    /// <summary>Extra passes over rows whose last outcome is retryable, waiting longer before each.</summary>
    private async Task RetryTransientAsync(
        Dictionary<int, UserRow> rows,
        RowOutcome[] outcomes,
        Func<UserRow, RowOutcome, CancellationToken, Task<RowOutcome>> step,
        MigrationRunSettings settings,
        ParallelOptions parallel,
        CancellationToken cancellationToken)
    {
        var delay = settings.FirstRetryDelay;
        for (var round = 1; round <= settings.RetryRounds; round++)
        {
            var retry = rows.Where(r => outcomes[r.Key - 1].Retryable).ToList();
            if (retry.Count == 0)
            {
                return;
            }

            LogRetryRound(logger, round, retry.Count, delay);
            await Task.Delay(delay, time, cancellationToken);
            delay *= 2;
            await Parallel.ForEachAsync(retry, parallel, async (entry, token) =>
                outcomes[entry.Key - 1] = await step(entry.Value, outcomes[entry.Key - 1], token));
        }
    }

    private async Task<JobSummary> FinishAsync(
        IReportSink reports,
        string fileName,
        JobOptions options,
        string outcome,
        JobFailure? failure,
        OutcomeTally tally,
        GroupsSummary groups,
        OktaCallMetrics metrics,
        IReadOnlyList<string> ignoredColumns,
        DateTimeOffset startedAt,
        Dictionary<string, double> phases,
        IReadOnlyList<RowOutcome>? outcomes,
        CancellationToken cancellationToken)
    {
        var summary = SummaryBuilder.Build(fileName, options, outcome, failure, tally, groups, metrics.Snapshot(), ignoredColumns, startedAt, time.GetUtcNow(), phases);
        await ReportWriter.WriteAsync(reports, (outcomes ?? []).ToAsyncEnumerable(), _ => summary, cancellationToken);
        LogFinished(logger, fileName, outcome, tally.Succeeded, tally.NeedingAttention);
        return summary;
    }

    private static ParsedRow ToParsed(UserRow user) => new(user.Row, user.Line, user.Login, user.Email, user, null);

    private double Seconds(long since) => Math.Round(time.GetElapsedTime(since).TotalSeconds, 3);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Planned {File}: {Rows} rows, {Invalid} invalid")]
    private static partial void LogPlanned(ILogger logger, string file, int rows, int invalid);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Retry round {Round}: {Rows} rows failed transiently; trying again in {Delay}")]
    private static partial void LogRetryRound(ILogger logger, int round, int rows, TimeSpan delay);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Finished {File}: {Outcome}, {Succeeded} rows succeeded, {Attention} need attention")]
    private static partial void LogFinished(ILogger logger, string file, string outcome, int succeeded, int attention);
}
