using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Budget;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// A lane of a job's rows (or dry-run) phase: takes its slices one after another, batch by batch. For each batch it
/// leases slots from the rate-limit entity of every bucket the rows need (giving back the last batch's usage in the
/// same operation), sizes the batch to the slots of the main bucket, and has <see cref="RunBatchActivity"/> run it;
/// rows that failed transiently get further passes after growing waits, rows stopped by spent slots get one at once
/// with more slots. Every few batches it continues as new, so its history stays a few dozen events whatever the
/// file's size. A <see cref="JobEvents.Stop"/> event ends it after the batch in progress.
/// </summary>
public sealed class RowsLaneOrchestrator : TaskOrchestrator<LaneState, LaneResult>
{
    public const string Name = "RowsLane";

    /// <summary>Passes in a row that may get no row any further (all short of slots again) before the round ends and the rows wait for the next.</summary>
    private const int MaxIdlePasses = 5;

    /// <summary>Leases asked for and passes run for one batch before the lane moves on (or, without a pass, asks again later).</summary>
    private const int MaxSteps = 256;

    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);

    /// <summary>How long a lane whose batch was stopped waits before the next pass (it is suspended meanwhile, or ending).</summary>
    private static readonly TimeSpan StoppedWait = TimeSpan.FromSeconds(1);

    public override async Task<LaneResult> RunAsync(TaskOrchestrationContext context, LaneState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var stop = context.WaitForExternalEvent<string>(JobEvents.Stop);
        var lane = input;
        for (var batches = 0; batches < lane.Job.Settings.BatchesPerGeneration; batches++)
        {
            if (lane.Slice is null || stop.IsCompleted)
            {
                await GiveBackAsync(context, lane, lane.Pending);
                return new LaneResult(lane.Tally, lane.Calls, lane.Slice is not null, null);
            }

            var (next, fatal, fatalCode) = await RunBatchAsync(context, lane, stop);
            lane = next;
            context.SetCustomStatus(new LaneProgress(lane.Tally.Rows, lane.Tally.Succeeded, lane.Tally.Failed, lane.Tally.Invalid, lane.Budget));
            if (fatal is not null)
            {
                await GiveBackAsync(context, lane, lane.Pending);
                return new LaneResult(lane.Tally, lane.Calls, false, fatal, fatalCode);
            }

            if (lane.Job.Interim is { } report && context.UtcNow() - (lane.InterimAt ?? DateTimeOffset.MinValue) >= lane.Job.Settings.InterimReportInterval)
            {
                await context.CallActivityAsync<ReportResult>(WriteReportsActivity.Name, report with { FinishedAt = context.UtcNow() }, ActivityRetry.Options);
                lane = lane with { InterimAt = context.UtcNow() };
            }
        }

        if (stop.IsCompleted)
        {
            // The stop came with the last batch's answer: this generation took it, so it ends here.
            await GiveBackAsync(context, lane, lane.Pending);
            return new LaneResult(lane.Tally, lane.Calls, lane.Slice is not null, null);
        }

        context.ContinueAsNew(lane, preserveUnprocessedEvents: true);
        return null!;
    }

    /// <summary>
    /// One batch: its first pass, then rounds over the rows worth another try. In a round every such row is sent once
    /// more, in as many passes as the slots allow (a pass is sized to the slots leased; a row that found no slot is
    /// taken again by the round's next pass). After a round whose rows Okta failed, the next waits, longer each time,
    /// for at most <see cref="JobSettings.MaxPasses"/> rounds. Returns the lane moved past the batch (or a fatal failure).
    /// </summary>
    private static async Task<(LaneState Lane, string? Fatal, string? FatalCode)> RunBatchAsync(TaskOrchestrationContext context, LaneState lane, Task<string> stop)
    {
        var job = lane.Job;
        var slice = lane.Slice!.Value;
        // No more slots than the slice has rows left: slots a batch holds are paced for it alone, and a small job's lane
        // leasing a whole batch would hold half a window of them.
        var want = Math.Max(1, Math.Min(job.Settings.BatchRows, lane.RowsLeft ?? job.RowsIn(lane.Next) ?? job.Settings.BatchRows));
        var pending = lane.Pending;
        var rates = lane.Rates;
        var calls = lane.Calls;
        var budget = lane.Budget;
        var (pass, round, idle) = (0, 0, 0);
        int? afterRow = null;
        IReadOnlyList<string> spent = [];
        BatchResult? last = null;
        for (var step = 0; step < MaxSteps; step++)
        {
            var needs = BucketNeeds.For(rates, job.Primary, want, spent);
            var (grants, returned) = await ExchangeAsync(context, job, needs, pending);
            pending = returned;
            budget = Merge(budget, grants.Select(g => g.Snapshot));
            var shortOf = grants.Where(g => g.Count == 0 && (g.Bucket == job.Primary || spent.Contains(g.Bucket))).ToList();
            if (shortOf.Count > 0)
            {
                // Nothing to send with before RetryAt (learning the limit, or after a 429 until Reset), for the main
                // bucket or one the rows run again ran short of: the other buckets' slots go back, and the lane asks
                // again then.
                pending = [.. pending, .. grants.Where(g => g.Count > 0).Select(Unused)];
                await context.WaitUntilAsync(shortOf.Max(g => g.RetryAt) ?? context.UtcNow(), MinWait);
                if (last is null)
                {
                    // Nothing sent yet: the wait counts as one of the generation's steps, so a lane that waits long
                    // (a spent window, another app's burst) still continues as new after a few dozen events.
                    break;
                }

                continue;
            }

            var before = last;
            if (pass == 0)
            {
                // The status adds this batch's live counts until its result is in the lane's own.
                context.SetCustomStatus(new LaneProgress(lane.Tally.Rows, lane.Tally.Succeeded, lane.Tally.Failed, lane.Tally.Invalid, budget, InFlight: new BatchInFlight(slice, lane.Batch)));
            }

            last = await context.CallActivityAsync<BatchResult>(
                RunBatchActivity.Name,
                new BatchWork(job.JobId, job.Phase, slice, lane.Batch, lane.Start, BucketNeeds.Affordable(grants, rates, job.Primary, want, spent), pass, afterRow, grants, context.UtcNow()), ActivityRetry.Options);
            pending = [.. pending, .. last.Usage];
            calls = calls.Plus(last.Calls);
            rates = BucketNeeds.Learn(rates, job.Rates, last);
            spent = last.Spent;
            if (last.Fatal is not null)
            {
                return (lane with { Pending = pending, Calls = calls, Rates = rates, Budget = budget }, last.Fatal, last.FatalCode);
            }

            if (last.Retryable == 0 || stop.IsCompleted)
            {
                break;
            }

            pass++;
            if (last.Stopped)
            {
                // The job was suspended mid-pass: the rows it did not send run in the next pass, which (the lane being
                // suspended too) starts on resume. A stop is no failure: it costs the batch no round.
                (afterRow, want, idle) = (null, Math.Min(last.Retryable, job.Settings.BatchRows), 0);
                await context.CreateTimer(context.CurrentUtcDateTime + StoppedWait, CancellationToken.None);
                continue;
            }

            if (last.LeftInRound > 0)
            {
                // The round goes on: rows after those just tried, and those that found no slot. A pass that got no row
                // any further (every one short of slots again) counts towards ending the round early.
                idle = before is not null && last.Retryable >= before.Retryable && last.Transient <= before.Transient ? idle + 1 : 0;
                if (idle < MaxIdlePasses)
                {
                    (afterRow, want) = (last.LastRow, Math.Min(last.LeftInRound, job.Settings.BatchRows));
                    continue;
                }

                // Passes that got nowhere (their slots ran out before the rows reached them: a node too busy to keep
                // pace, a budget squeezed by another app) end the round early: the rows were never sent, so they wait
                // and try again like rows Okta failed, rather than end failed.
            }

            // A round is over: every row worth another try met Okta once more. Give Okta time, longer each round.
            if (++round >= job.Settings.MaxPasses)
            {
                break;
            }

            (afterRow, want, idle) = (null, Math.Min(last.Retryable, job.Settings.BatchRows), 0);
            await context.CreateTimer(context.CurrentUtcDateTime + job.Settings.DelayBefore(round), CancellationToken.None);
        }

        if (last is null)
        {
            // Waited all this round for slots: no progress; the lane asks again.
            return (lane with { Pending = pending, Budget = budget }, null, null);
        }

        var done = last.Next is null;
        return (lane with
        {
            Next = done ? lane.Next + job.Lanes : lane.Next,
            Batch = done ? 0 : lane.Batch + 1,
            Start = last.Next,
            RowsLeft = done ? null : last.RowsLeft,
            Tally = lane.Tally.Plus(last.Tally),
            Calls = calls,
            Rates = rates,
            Pending = pending,
            Budget = budget,
        }, null, null);
    }

    /// <summary>
    /// One entity operation per bucket the batch needs: each gives back that bucket's pending usage and leases the
    /// slots wanted. The main bucket first; the others then, their slots due across the main bucket's (a row calls
    /// them after its main request: slots all due at once could pass their window's last send before the rows get
    /// there). Usage of a bucket not needed now goes back at once, by a signal: a lease held back would keep its slots
    /// in flight (and a probe would keep every other lane waiting to learn the limit).
    /// </summary>
    private static async Task<(IReadOnlyList<BudgetGrant> Grants, IReadOnlyList<BudgetUsage> Pending)> ExchangeAsync(
        TaskOrchestrationContext context,
        LaneJob job,
        IReadOnlyDictionary<string, int> needs,
        IReadOnlyList<BudgetUsage> pending)
    {
        foreach (var usage in pending.Where(p => !needs.ContainsKey(p.Bucket)))
        {
            await context.Entities.SignalEntityAsync(RateLimitBudgetEntity.Id(job.Org, usage.Bucket), nameof(RateLimitBudgetEntity.Settle), usage);
        }

        var primary = await ExchangeAsync(context, job, job.Primary, needs.GetValueOrDefault(job.Primary, 1), pending, spread: null);
        var others = needs.Where(n => n.Key != job.Primary).ToList();
        if (primary.Count == 0)
        {
            // Nothing to send with yet: the other buckets' usage goes back, nothing more is leased.
            foreach (var usage in pending.Where(p => p.Bucket != job.Primary && needs.ContainsKey(p.Bucket)))
            {
                await context.Entities.SignalEntityAsync(RateLimitBudgetEntity.Id(job.Org, usage.Bucket), nameof(RateLimitBudgetEntity.Settle), usage);
            }

            return ([primary], []);
        }

        var spread = BudgetSpread.Of(primary);
        var rest = await Task.WhenAll(others.Select(need => ExchangeAsync(context, job, need.Key, need.Value, pending, spread)));
        return ([primary, .. rest], []);
    }

    private static Task<BudgetGrant> ExchangeAsync(TaskOrchestrationContext context, LaneJob job, string bucket, int wanted, IReadOnlyList<BudgetUsage> pending, BudgetSpread? spread) =>
        context.Entities.CallEntityAsync<BudgetGrant>(
            RateLimitBudgetEntity.Id(job.Org, bucket),
            nameof(RateLimitBudgetEntity.Exchange),
            new BudgetExchange([.. pending.Where(p => p.Bucket == bucket)], wanted, spread));

    private static async Task GiveBackAsync(TaskOrchestrationContext context, LaneState lane, IReadOnlyList<BudgetUsage> pending)
    {
        foreach (var usage in pending)
        {
            await context.Entities.SignalEntityAsync(RateLimitBudgetEntity.Id(lane.Job.Org, usage.Bucket), nameof(RateLimitBudgetEntity.Settle), usage);
        }
    }

    private static BudgetUsage Unused(BudgetGrant grant) =>
        new(grant.Bucket, grant.LeaseId, grant.Slots.GroupBy(s => s.Epoch).Select(g => new BudgetUnused(g.Key, g.Sum(s => s.Count))).ToList(), []);

    private static IReadOnlyList<BudgetSnapshot> Merge(IReadOnlyList<BudgetSnapshot> known, IEnumerable<BudgetSnapshot> latest)
    {
        var merged = known.ToDictionary(s => s.Bucket, StringComparer.Ordinal);
        foreach (var snapshot in latest)
        {
            merged[snapshot.Bucket] = snapshot;
        }

        return [.. merged.Values.OrderBy(s => s.Bucket, StringComparer.Ordinal)];
    }
}
