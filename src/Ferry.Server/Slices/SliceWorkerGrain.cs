using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Core.Outcomes;
using Ferry.Server.Inbox;
using Ferry.Server.Jobs;
using Ferry.Server.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Ferry.Server.Slices;

/// <summary>
/// An activity: processes one slice in one phase. Reads the slice's byte range straight from the pinned input blob
/// (no copy of rows, so of passwords, anywhere), runs each batch of rows through the domain's
/// <see cref="RowProcessor"/>, retries rows that failed transiently, writes the batch's outcomes, then records the
/// batch as done. A crash between the Okta calls and the record means the batch runs again: the idempotent create
/// turns a second create of the same user into "created", and the outcome blob is overwritten, never appended.
/// </summary>
[Reentrant]
public sealed partial class SliceWorkerGrain(
    [PersistentState("slice", FerryStorageNames.Default)] IPersistentState<SliceState> state,
    InputBlobs inputs,
    OutcomeStore outcomes,
    OktaClientFactory oktaFactory,
    IOptions<JobsOptions> jobsOptions,
    TimeProvider time,
    ILogger<SliceWorkerGrain> logger) : Grain, ISliceWorkerGrain
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    private readonly JobsOptions _jobs = jobsOptions.Value;
    private IGrainTimer? _timer;
    private bool _running;

    private (string InstanceId, string Phase, int Slice) Key
    {
        get
        {
            var parts = this.GetPrimaryKeyString().Split('|');
            return (parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private IJobGrain Job => GrainFactory.GetGrain<IJobGrain>(Key.InstanceId);

    public async Task StartAsync()
    {
        if (state.State.Done)
        {
            await ReportAsync(done: true, new OktaCallMetrics());
            return;
        }

        _timer ??= this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(5)) { KeepAlive = true });
    }

    public async Task ClearAsync()
    {
        StopTimer();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_running)
        {
            return;
        }

        _running = true;
        try
        {
            await ProcessAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage or Okta unavailable, the job grain moving between nodes: resume from the last committed batch.
            LogSliceFailed(logger, e, this.GetPrimaryKeyString());
            if (e is Orleans.Storage.InconsistentStateException)
            {
                // Another activation wrote our state (a node thought lost came back): reload from storage.
                DeactivateOnIdle();
            }
        }
        finally
        {
            _running = false;
        }
    }

    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        var (instanceId, phase, sliceIndex) = Key;
        var context = await Job.GetSliceContextAsync(phase, sliceIndex);
        if (context.Stop)
        {
            StopTimer();
            return;
        }

        var plan = context.Plan.ToPlan();
        var slice = plan.Slices[0];
        var options = (JobOptions.Parse(context.Options!, strict: false).Options ?? new JobOptions()) with { DryRun = context.DryRun };
        var metrics = new OktaCallMetrics();
        metrics.Add(state.State.Calls);
        var processor = new RowProcessor(oktaFactory.Create(metrics), new JobContext(options, context.StartedAt, new GroupResolution(context.Groups)), time);
        var lines = context.Lines?.ToHashSet();
        var batchRows = context.BatchRows > 0 ? context.BatchRows : _jobs.BatchRows;

        await using var stream = await inputs.OpenRangeAsync(context.Input, slice.StartByte, slice.EndByte, cancellationToken);
        var batch = new List<ParsedRow>(batchRows);
        var batchIndex = 0;
        await foreach (var row in CsvJobReader.ReadSliceAsync(stream, plan, slice, cancellationToken))
        {
            if (lines is not null && !lines.Contains(row.Line))
            {
                continue;
            }

            batch.Add(row);
            if (batch.Count == batchRows)
            {
                if (!await RunBatchAsync(instanceId, phase, sliceIndex, batchIndex++, batch, processor, metrics, cancellationToken))
                {
                    StopTimer();
                    return;
                }

                batch = new List<ParsedRow>(batchRows);
            }
        }

        if (batch.Count > 0 && !await RunBatchAsync(instanceId, phase, sliceIndex, batchIndex, batch, processor, metrics, cancellationToken))
        {
            StopTimer();
            return;
        }

        state.State.Done = true;
        await state.WriteStateAsync();
        await ReportAsync(done: true, metrics);
        StopTimer();
    }

    /// <summary>Runs one batch unless it is already committed; false when the job says stop.</summary>
    private async Task<bool> RunBatchAsync(
        string instanceId,
        string phase,
        int sliceIndex,
        int batchIndex,
        IReadOnlyList<ParsedRow> rows,
        RowProcessor processor,
        OktaCallMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (batchIndex < state.State.BatchesDone)
        {
            return true;
        }

        List<RowOutcome> results;
        string outcomesPhase;
        if (phase == JobPhase.Activation)
        {
            outcomesPhase = JobPhase.Rows;
            results = await outcomes.ReadBatchAsync(instanceId, outcomesPhase, sliceIndex, batchIndex, cancellationToken);
            var users = rows.Where(r => r.User is not null).ToDictionary(r => r.Row, r => r.User!);
            await RunWithRetriesAsync(
                results,
                i => processor.NeedsActivation(results[i]) && users.ContainsKey(results[i].Row),
                (i, token) => processor.ActivateAsync(users[results[i].Row], results[i], token),
                cancellationToken);
        }
        else
        {
            outcomesPhase = phase;
            results = [.. new RowOutcome[rows.Count]];
            await RunWithRetriesAsync(results, _ => true, (i, token) => processor.ProcessAsync(rows[i], token), cancellationToken);
        }

        await outcomes.WriteBatchAsync(instanceId, outcomesPhase, sliceIndex, batchIndex, results, cancellationToken);
        var tally = new OutcomeTally();
        foreach (var outcome in results)
        {
            tally.Add(outcome);
        }

        if (phase != JobPhase.Activation)
        {
            state.State.Tally.Add(TallyState.From(tally));
        }

        state.State.BatchesDone = batchIndex + 1;
        state.State.RowsDone += rows.Count;
        state.State.Calls = new Dictionary<string, BucketCalls>(metrics.Snapshot());
        await state.WriteStateAsync();
        return await ReportAsync(done: false, metrics);
    }

    /// <summary>
    /// Runs <paramref name="step"/> for the selected rows in parallel, then again for rows that failed transiently,
    /// waiting longer each round (Okta down, circuit open, still throttled), before the batch is committed.
    /// </summary>
    private async Task RunWithRetriesAsync(
        List<RowOutcome> results,
        Func<int, bool> selected,
        Func<int, CancellationToken, Task<RowOutcome>> step,
        CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _jobs.RowParallelism, CancellationToken = cancellationToken };
        var todo = Enumerable.Range(0, results.Count).Where(selected).ToList();
        var delay = _jobs.RetryDelay;
        for (var round = 0; todo.Count > 0; round++)
        {
            if (round > 0)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
            }

            await Parallel.ForEachAsync(todo, parallel, async (i, token) => results[i] = await step(i, token));
            todo = todo.Where(i => results[i].Retryable).ToList();
            if (round >= _jobs.RetryRounds + _jobs.MaxBatchAttempts)
            {
                break;
            }
        }
    }

    private async Task<bool> ReportAsync(bool done, OktaCallMetrics metrics)
    {
        var (_, phase, sliceIndex) = Key;
        var calls = state.State.Calls.Count > 0 && metrics.Snapshot().Count == 0 ? state.State.Calls : metrics.Snapshot();
        return await Job.ReportSliceAsync(new SliceReport(phase, sliceIndex, state.State.RowsDone, done || state.State.Done, state.State.Tally, calls));
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Slice {Slice} stopped by an error; it resumes from its last committed batch")]
    private static partial void LogSliceFailed(ILogger logger, Exception exception, string slice);
}
