using Ferry.Core.Auth0Api;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Microsoft.DurableTask;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// One chunk of an Auth0 job, from slot to outcomes: takes one of the tenant's import slots (<see cref="ImportSlotsEntity"/>),
/// posts the chunk (<see cref="PostChunkActivity"/>: waits out 429s and outages), follows Auth0's job with growing waits
/// (<see cref="PollImportActivity"/>) until it completes, fails or expires, gives the slot back, and has
/// <see cref="FinishChunkActivity"/> write the rows' outcomes. A job that failed or timed out is posted again, up to
/// <see cref="Auth0Settings.ChunkAttempts"/> times. The posted job's id is in this orchestration's history once the post
/// returned, so a restart follows it again instead of posting again. A <see cref="JobEvents.Stop"/> before the post
/// ends the chunk without sending it; after, the chunk follows its job to the end (Auth0 cannot cancel one).
/// </summary>
public sealed class Auth0ChunkOrchestrator : TaskOrchestrator<ChunkJob, LaneResult>
{
    public const string Name = "Auth0Chunk";

    public override async Task<LaneResult> RunAsync(TaskOrchestrationContext context, ChunkJob input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var stop = context.WaitForExternalEvent<string>(JobEvents.Stop);
        var calls = CallCounts.Empty;
        if (input.Users == 0)
        {
            return await FinishAsync(context, new FinishChunk(input.JobId, input.Target, input.Chunk, ChunkEnd.NothingToSend, null, null, 0, null, null, calls));
        }

        var settings = input.Settings;
        DateTimeOffset? firstPostAt = null;
        ChunkFailure? lastFailure = null;
        string? lastJob = null;
        for (var posts = 0; posts < settings.ChunkAttempts;)
        {
            if (!await TakeSlotAsync(context, input, stop))
            {
                return new LaneResult(RowTally.Empty, calls, true, null);
            }

            // Post: a 429 (the tenant's other import jobs, or the rate limit) or an outage is waited out, not counted.
            PostChunkResult post;
            while (true)
            {
                firstPostAt ??= context.UtcNow();
                post = await context.CallActivityAsync<PostChunkResult>(PostChunkActivity.Name, new PostChunk(input.JobId, input.Chunk, input.ExternalId), ActivityRetry.Options);
                calls = calls.Plus(post.Calls);
                if (post.ImportJobId is not null || post.Failure is not { Retryable: true } retry)
                {
                    break;
                }

                if (stop.IsCompleted)
                {
                    await ReleaseAsync(context, input);
                    return new LaneResult(RowTally.Empty, calls, true, null);
                }

                await context.WaitUntilAsync(retry.RetryAt ?? context.UtcNow(), settings.SlotRetryInterval);
            }

            posts++;
            if (post.ImportJobId is not { } importJob)
            {
                await ReleaseAsync(context, input);
                if (post.Failure!.Unauthorized)
                {
                    return new LaneResult(RowTally.Empty, calls, false, post.Failure.Message);
                }

                return await FinishAsync(context, new FinishChunk(input.JobId, input.Target, input.Chunk, ChunkEnd.NotSent, null, firstPostAt, posts, null, post.Failure, calls));
            }

            var poll = await FollowAsync(context, input, importJob, c => calls = calls.Plus(c));
            await ReleaseAsync(context, input);
            if (poll.Failure is { Unauthorized: true } denied)
            {
                return new LaneResult(RowTally.Empty, calls, false, denied.Message);
            }

            if (poll.Status == Auth0Job.Completed)
            {
                return await FinishAsync(context, new FinishChunk(input.JobId, input.Target, input.Chunk, ChunkEnd.Completed, importJob, firstPostAt, posts, poll.Summary, null, calls));
            }

            if (poll.Status is Auth0Job.Expired or PollImportResult.Gone)
            {
                // Its data is gone before it was read (Ferry was down for a day): each user is looked up instead.
                return await FinishAsync(context, new FinishChunk(input.JobId, input.Target, input.Chunk, ChunkEnd.LookUp, importJob, firstPostAt, posts, null, null, calls));
            }

            lastJob = importJob;
            lastFailure = poll.Failure ?? new ChunkFailure(
                Core.Outcomes.RowErrorCodes.Auth0JobFailed,
                poll.Status,
                poll.Status == Auth0Job.FailedStatus ? $"Auth0 import job {importJob} failed" : $"Auth0 import job {importJob} did not finish within {settings.JobTimeout}",
                true,
                false,
                null);
            if (stop.IsCompleted)
            {
                break;
            }
        }

        // Every post failed: the users Auth0 imported anyway are found by looking them up; the others fail with the reason.
        return await FinishAsync(context, new FinishChunk(input.JobId, input.Target, input.Chunk, ChunkEnd.LookUp, lastJob, firstPostAt, settings.ChunkAttempts, null, lastFailure, calls));
    }

    /// <summary>Waits for one of the tenant's slots; false when the job stops first.</summary>
    private static async Task<bool> TakeSlotAsync(TaskOrchestrationContext context, ChunkJob input, Task<string> stop)
    {
        var settings = input.Settings;
        while (true)
        {
            var request = new SlotRequest(context.InstanceId, settings.ConcurrentJobs, context.UtcNow(), settings.JobTimeout + TimeSpan.FromMinutes(15));
            if (await context.Entities.CallEntityAsync<bool>(ImportSlotsEntity.Id(input.Target.Tenant), nameof(ImportSlotsEntity.Acquire), request))
            {
                return true;
            }

            if (stop.IsCompleted)
            {
                return false;
            }

            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(settings.SlotRetryInterval, cancel.Token);
            if (await Task.WhenAny(timer, stop) == stop)
            {
                cancel.Cancel();
                return false;
            }
        }
    }

    /// <summary>Polls the import job, waiting longer each time (Auth0's own estimate when sooner), until it is done or timed out.</summary>
    private static async Task<PollImportResult> FollowAsync(TaskOrchestrationContext context, ChunkJob input, string importJob, Action<IReadOnlyDictionary<string, Core.Okta.BucketCalls>> count)
    {
        var settings = input.Settings;
        var deadline = context.UtcNow() + settings.JobTimeout;
        int? timeLeft = null;
        for (var poll = 0; ; poll++)
        {
            await context.CreateTimer(settings.PollDelay(poll, timeLeft), CancellationToken.None);
            var seen = await context.CallActivityAsync<PollImportResult>(PollImportActivity.Name, new PollImport(importJob), ActivityRetry.Options);
            count(seen.Calls);
            if (seen.Failure is { Unauthorized: true })
            {
                return seen;
            }

            if (seen.Failure is null)
            {
                timeLeft = seen.TimeLeftSeconds;
                var done = seen.Status == Auth0Job.Completed ? input.Users : input.Users * Math.Clamp(seen.PercentageDone ?? 0, 0, 100) / 100;
                context.SetCustomStatus(new LaneProgress(done, done, 0, 0, [], seen.Status == Auth0Job.Completed ? 0 : timeLeft));
                if (seen.IsFinished)
                {
                    return seen;
                }
            }

            if (context.UtcNow() > deadline)
            {
                return seen with { Status = Auth0Job.FailedStatus, Failure = null };
            }
        }
    }

    private static Task ReleaseAsync(TaskOrchestrationContext context, ChunkJob input) =>
        context.Entities.SignalEntityAsync(ImportSlotsEntity.Id(input.Target.Tenant), nameof(ImportSlotsEntity.Release), context.InstanceId);

    private static async Task<LaneResult> FinishAsync(TaskOrchestrationContext context, FinishChunk finish)
    {
        var result = await context.CallActivityAsync<LaneResult>(FinishChunkActivity.Name, finish, ActivityRetry.Options);
        context.SetCustomStatus(new LaneProgress(result.Tally.Rows, result.Tally.Succeeded, result.Tally.Failed, result.Tally.Invalid, [], 0));
        return result;
    }
}
