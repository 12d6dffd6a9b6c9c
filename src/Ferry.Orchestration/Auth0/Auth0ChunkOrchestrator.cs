using Ferry.Core.Auth0Api;
using Ferry.Core.Outcomes;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// One chunk of an Auth0 job, from slot to outcomes: takes one of the tenant's import slots (<see cref="ImportSlotsEntity"/>),
/// posts the chunk (<see cref="PostChunkActivity"/>; 429s and outages are waited out), follows Auth0's job with growing
/// waits (<see cref="PollImportActivity"/>) until it completes, fails or expires, gives the slot back, and has
/// <see cref="FinishChunkActivity"/> write the rows' outcomes. A job that failed or timed out is posted again, up to
/// <see cref="Auth0Settings.ChunkAttempts"/> times. The posted job's id is in this orchestration's state once the post
/// returned, so a restart follows it again instead of posting again. Every <see cref="StepsPerGeneration"/> steps it
/// continues as new, so its history stays short however long Auth0 takes. A <see cref="JobEvents.Stop"/> before the
/// post ends the chunk without sending it; after, the chunk follows its job to the end (Auth0 cannot cancel one).
/// </summary>
public sealed class Auth0ChunkOrchestrator : TaskOrchestrator<ChunkState, LaneResult>
{
    public const string Name = "Auth0Chunk";

    /// <summary>Slot requests, posts and polls one generation makes before it continues as new.</summary>
    private const int StepsPerGeneration = 40;

    public override async Task<LaneResult> RunAsync(TaskOrchestrationContext context, ChunkState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var stop = context.WaitForExternalEvent<string>(JobEvents.Stop);
        var state = input;
        var job = state.Job;
        var settings = job.Settings;
        if (job.Users == 0)
        {
            return await FinishAsync(context, state, ChunkEnd.NothingToSend, null);
        }

        context.SetCustomStatus(new LaneProgress(0, 0, 0, 0, [], state.TimeLeft));
        for (var step = 0; step < StepsPerGeneration; step++)
        {
            if (state.ImportJob is null)
            {
                if (state.Posts >= settings.ChunkAttempts)
                {
                    // Every post failed: the users Auth0 imported anyway are found by looking them up; the others fail with the reason.
                    return await FinishAsync(context, state with { ImportJob = state.LastJob }, ChunkEnd.LookUp, state.LastFailure);
                }

                if (!state.HasSlot)
                {
                    var request = new SlotRequest(context.InstanceId, settings.ConcurrentJobs, context.UtcNow(), settings.JobTimeout + TimeSpan.FromMinutes(15));
                    if (!await context.Entities.CallEntityAsync<bool>(ImportSlotsEntity.Id(job.Target.Tenant), nameof(ImportSlotsEntity.Acquire), request))
                    {
                        if (stop.IsCompleted || !await WaitAsync(context, settings.SlotRetryInterval, stop))
                        {
                            return new LaneResult(RowTally.Empty, state.Calls, true, null);
                        }

                        continue;
                    }

                    state = state with { HasSlot = true };
                }

                var post = await context.CallActivityAsync<PostChunkResult>(PostChunkActivity.Name, new PostChunk(job.JobId, job.Chunk, job.ExternalId), ActivityRetry.Options);
                state = state with { Calls = state.Calls.Plus(post.Calls), FirstJobCreatedAt = state.FirstJobCreatedAt ?? post.ImportJobCreatedAt };
                if (post.ImportJobId is { } posted)
                {
                    state = state with { ImportJob = posted, PostedAt = context.UtcNow(), Posts = state.Posts + 1, Polls = 0, TimeLeft = null };
                    continue;
                }

                if (post.Failure is { Retryable: true } retry)
                {
                    // A 429 (the tenant's other import jobs, or the rate limit) or an outage: waited out, not counted.
                    if (stop.IsCompleted)
                    {
                        await ReleaseAsync(context, job);
                        return new LaneResult(RowTally.Empty, state.Calls, true, null);
                    }

                    await context.WaitUntilAsync(retry.RetryAt ?? context.UtcNow(), settings.SlotRetryInterval);
                    continue;
                }

                await ReleaseAsync(context, job);
                return post.Failure!.Unauthorized
                    ? new LaneResult(RowTally.Empty, state.Calls, false, post.Failure.Message)
                    : await FinishAsync(context, state with { Posts = state.Posts + 1 }, ChunkEnd.NotSent, post.Failure);
            }

            await context.CreateTimer(settings.PollDelay(state.Polls, state.TimeLeft), CancellationToken.None);
            var seen = await context.CallActivityAsync<PollImportResult>(PollImportActivity.Name, new PollImport(state.ImportJob, job.JobId), ActivityRetry.Options);
            state = state with { Polls = state.Polls + 1, Calls = state.Calls.Plus(seen.Calls) };
            if (seen.Failure is { Unauthorized: true } denied)
            {
                await ReleaseAsync(context, job);
                return new LaneResult(RowTally.Empty, state.Calls, false, denied.Message);
            }

            var timedOut = context.UtcNow() > state.PostedAt + settings.JobTimeout;
            if (seen.Failure is null)
            {
                state = state with { TimeLeft = seen.TimeLeftSeconds };
                var done = seen.Status == Auth0Job.Completed ? job.Users : job.Users * Math.Clamp(seen.PercentageDone ?? 0, 0, 100) / 100;
                context.SetCustomStatus(new LaneProgress(done, done, 0, 0, [], seen.Status == Auth0Job.Completed ? 0 : seen.TimeLeftSeconds));
            }

            if (seen.Failure is not null && !timedOut)
            {
                continue; // Auth0 unreachable for now: the next poll asks again
            }

            if (seen.Status == Auth0Job.Completed)
            {
                await ReleaseAsync(context, job);
                return await FinishAsync(context, state, ChunkEnd.Completed, null, seen.Summary);
            }

            if (seen.Status is Auth0Job.Expired or PollImportResult.Gone)
            {
                // Its data is gone before it was read (Ferry was down for a day): each user is looked up instead.
                await ReleaseAsync(context, job);
                return await FinishAsync(context, state, ChunkEnd.LookUp, null);
            }

            if (seen.Status == Auth0Job.FailedStatus || timedOut)
            {
                await ReleaseAsync(context, job);
                var failure = new ChunkFailure(
                    RowErrorCodes.Auth0JobFailed,
                    seen.Status,
                    timedOut ? $"Auth0 import job {state.ImportJob} did not finish within {settings.JobTimeout}" : $"Auth0 import job {state.ImportJob} failed",
                    true,
                    false,
                    null);
                state = state with { HasSlot = false, LastJob = state.ImportJob, ImportJob = null, LastFailure = failure };
                if (stop.IsCompleted)
                {
                    return await FinishAsync(context, state with { ImportJob = state.LastJob }, ChunkEnd.LookUp, failure);
                }
            }
        }

        context.ContinueAsNew(state, preserveUnprocessedEvents: true);
        return null!;
    }

    /// <summary>A durable timer, or the stop event if it comes first (then false).</summary>
    private static async Task<bool> WaitAsync(TaskOrchestrationContext context, TimeSpan delay, Task<string> stop)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(delay, cancel.Token);
        if (await Task.WhenAny(timer, stop) == stop)
        {
            cancel.Cancel();
            return false;
        }

        return true;
    }

    private static Task ReleaseAsync(TaskOrchestrationContext context, ChunkJob job) =>
        context.Entities.SignalEntityAsync(ImportSlotsEntity.Id(job.Target.Tenant), nameof(ImportSlotsEntity.Release), context.InstanceId);

    private static async Task<LaneResult> FinishAsync(TaskOrchestrationContext context, ChunkState state, ChunkEnd end, ChunkFailure? failure, Auth0JobSummary? summary = null)
    {
        var job = state.Job;
        var finish = new FinishChunk(job.JobId, job.Target, job.Chunk, end, state.ImportJob, state.FirstJobCreatedAt, state.Posts, summary, failure, state.Calls);
        var result = await context.CallActivityAsync<LaneResult>(FinishChunkActivity.Name, finish, ActivityRetry.Options);
        context.SetCustomStatus(new LaneProgress(result.Tally.Rows, result.Tally.Succeeded, result.Tally.Failed, result.Tally.Invalid, [], 0));
        return result;
    }
}
