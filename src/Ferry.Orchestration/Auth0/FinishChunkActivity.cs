using Ferry.Core.Auth0;
using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Core.Outcomes;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// Writes one chunk's outcomes, one per input row, to its outcome blob (the record reports are built from, long after
/// Auth0 deleted its job): invalid rows as planned; when Auth0's job completed, its <c>/errors</c> mapped back to rows
/// by email, user_id or username (Auth0's code, message and path); the rest imported. A user Auth0 calls a duplicate
/// is this job's own only when it carries the job's id in <c>app_metadata.ferry_job</c> (<see cref="Auth0Ownership"/>:
/// a post repeated after a crash), so it counts as created; anyone else's stays a duplicate, whatever the clocks say.
/// When the errors do not account for Auth0's totals, when an upsert updated some users, or when the job's data is gone
/// or its posts kept failing, each user concerned is looked up in the connection. A chunk already written is returned as
/// written.
/// </summary>
public sealed partial class FinishChunkActivity(
    IJobDocuments documents,
    IJobInputs inputs,
    IOutcomeBatches outcomes,
    Auth0Client auth0,
    ILogger<FinishChunkActivity> logger) : TaskActivity<FinishChunk, LaneResult>
{
    public const string Name = "FinishAuth0Chunk";

    public const string DuplicatedUser = "DUPLICATED_USER";

    private const int LookUpParallelism = 4;

    public override async Task<LaneResult> RunAsync(TaskActivityContext context, FinishChunk finish)
    {
        ArgumentNullException.ThrowIfNull(finish);
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Auth0ChunkFinish, finish.JobId)?
            .SetTag(FerryTelemetry.Tags.Chunk, finish.Chunk);
        var cancellationToken = CancellationToken.None;
        var stored = await outcomes.ReadAsync(finish.JobId, JobPhases.Rows, finish.Chunk, 0, cancellationToken);
        if (stored is not null)
        {
            return new LaneResult(stored.Record.Tally, stored.Record.Calls, false, null);
        }

        var job = await documents.LoadAuth0Async(finish.JobId, cancellationToken);
        var options = JobOptionsReader.ReadValid(job.Options);
        var chunk = job.Plan.Chunks[finish.Chunk];
        Auth0ChunkPayload content;
        await using (var stream = await inputs.OpenRangeAsync(job.Input, chunk.StartByte, chunk.EndByte, cancellationToken))
        {
            content = await Auth0JobReader.ReadChunkAsync(stream, job.Plan, chunk, job.Input.Name, cancellationToken);
        }

        var metrics = new OktaCallMetrics();
        metrics.Add(finish.Calls);
        var end = finish.End;
        var errors = new Dictionary<int, IReadOnlyList<Auth0ErrorDetail>>();
        var unmapped = 0;
        if (end == ChunkEnd.Completed && finish.Summary is not { Failed: 0 })
        {
            var read = await auth0.GetJobErrorsAsync(finish.ImportJobId!, metrics, cancellationToken);
            if (read.Failed && read.Failure.Kind == Auth0FailureKind.NotFound)
            {
                end = ChunkEnd.LookUp;
            }
            else if (read.Failed)
            {
                throw new HttpRequestException($"Job {finish.JobId} chunk {finish.Chunk}: Auth0 import job {finish.ImportJobId}'s errors could not be read: {read.Failure.Message}");
            }
            else
            {
                unmapped = MapErrors(content.Records, read.Value!, errors);
            }
        }

        // Auth0's totals are the check: errors that name no row, or fewer errors than failures, and every row is verified.
        var unaccounted = end == ChunkEnd.Completed && (unmapped > 0 || (finish.Summary is { } s && s.Failed > errors.Count));
        var results = new RowOutcome[content.Records.Count];
        var lookUp = new List<int>();
        for (var i = 0; i < content.Records.Count; i++)
        {
            var row = content.Records[i];
            if (row.Error is { } invalid)
            {
                results[i] = Outcome(row, RowAction.Invalid, 0) with { ErrorCode = RowErrorCodes.Invalid, ErrorSummary = invalid.Message, Column = invalid.Field };
                continue;
            }

            if (end == ChunkEnd.NotSent)
            {
                results[i] = Failed(row, finish.Posts, finish.Failure!);
            }
            else if (end == ChunkEnd.LookUp || unaccounted)
            {
                lookUp.Add(i);
            }
            else if (errors.TryGetValue(i, out var found))
            {
                if (found.All(e => e.Code == DuplicatedUser))
                {
                    lookUp.Add(i); // ours (tagged with this job's id: a post repeated after a crash), or someone else's
                }
                else
                {
                    results[i] = Rejected(row, finish.Posts, found);
                }
            }
            else if (options.Upsert && finish.Summary is { Updated: > 0 })
            {
                lookUp.Add(i); // inserted or updated: the user's tag and times say which
            }
            else
            {
                results[i] = Outcome(row, RowAction.Created, finish.Posts) with { UserId = row.UserId is { } id ? $"auth0|{id}" : null };
            }
        }

        await Parallel.ForEachAsync(lookUp, new ParallelOptions { MaxDegreeOfParallelism = LookUpParallelism }, async (i, token) =>
            results[i] = await LookUpAsync(content.Records[i], finish, end, options.Upsert, errors.GetValueOrDefault(i), metrics, token));

        foreach (var result in results)
        {
            FerryTelemetry.CountRow(FerryTelemetry.Auth0, result.Action, result.ErrorCode);
        }

        span?.SetTag(FerryTelemetry.Tags.Rows, results.Length);
        var record = new BatchRecord(0, new BatchStart(chunk.StartByte, chunk.FirstRow, chunk.FirstLine), results.Length, null, RowTally.Of(results), 0, metrics.Snapshot());
        if (!await outcomes.TryWriteAsync(finish.JobId, JobPhases.Rows, finish.Chunk, 0, results, record, null, cancellationToken))
        {
            var winner = await outcomes.ReadAsync(finish.JobId, JobPhases.Rows, finish.Chunk, 0, cancellationToken)
                ?? throw new InvalidOperationException($"Chunk {finish.Chunk} of job {finish.JobId} was written by another execution but cannot be read.");
            record = winner.Record;
        }

        LogFinished(logger, finish.JobId, finish.Chunk, end, finish.ImportJobId, record.Tally.Rows, record.Tally.Succeeded, record.Tally.NeedingAttention, lookUp.Count);
        return new LaneResult(record.Tally, record.Calls, false, null);
    }

    /// <summary>Files each error under the row it names (email, else user_id, else username); returns how many named none.</summary>
    private static int MapErrors(IReadOnlyList<Auth0Record> rows, IReadOnlyList<Auth0ImportError> errors, Dictionary<int, IReadOnlyList<Auth0ErrorDetail>> mapped)
    {
        var byEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byUserId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byUsername = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Error is not null)
            {
                continue;
            }

            if (rows[i].Email is { } email)
            {
                byEmail.TryAdd(email, i);
            }

            if (rows[i].UserId is { } userId)
            {
                byUserId.TryAdd(userId, i);
            }

            if (rows[i].Username is { } username)
            {
                byUsername.TryAdd(username, i);
            }
        }

        var unmapped = 0;
        foreach (var error in errors)
        {
            int row;
            if ((error.Email is { } e && byEmail.TryGetValue(e, out row))
                || (error.UserId is { } u && byUserId.TryGetValue(u, out row))
                || (error.Username is { } n && byUsername.TryGetValue(n, out row)))
            {
                mapped[row] = mapped.TryGetValue(row, out var known) ? [.. known, .. error.Errors] : error.Errors;
            }
            else
            {
                unmapped++;
            }
        }

        return unmapped;
    }

    /// <summary>A user looked up by email in the job's connection: inserted by this job (ours), someone else's, or absent.</summary>
    private async Task<RowOutcome> LookUpAsync(Auth0Record row, FinishChunk finish, ChunkEnd end, bool upsert, IReadOnlyList<Auth0ErrorDetail>? errors, OktaCallMetrics metrics, CancellationToken cancellationToken)
    {
        var found = await auth0.UsersByEmailAsync(row.Email!, metrics, cancellationToken);
        if (found.Failed)
        {
            throw new HttpRequestException($"Job {finish.JobId} chunk {finish.Chunk}: a user of line {row.Line} could not be looked up in Auth0: {found.Failure.Message}");
        }

        var user = found.Value!.FirstOrDefault(u => u.Connections.Contains(finish.Target.ConnectionName, StringComparer.Ordinal));
        if (user is not null && InsertedByThisJob(user, finish, upsert))
        {
            return Outcome(row, RowAction.Created, finish.Posts) with { UserId = user.UserId };
        }

        if (errors is { Count: > 0 })
        {
            return Rejected(row, finish.Posts, errors) with { UserId = user?.UserId };
        }

        if (user is not null && (end == ChunkEnd.Completed || (upsert && finish.Failure is null)))
        {
            // Imported by a completed job and older than it: an upsert updated it.
            return Outcome(row, upsert ? RowAction.Updated : RowAction.Existing, finish.Posts) with { UserId = user.UserId };
        }

        if (user is not null)
        {
            return Outcome(row, RowAction.Failed, finish.Posts) with
            {
                UserId = user.UserId,
                ErrorCode = upsert ? finish.Failure?.Code ?? RowErrorCodes.Auth0JobFailed : DuplicatedUser,
                ErrorSummary = upsert ? $"the user existed before this job and its import did not complete: {finish.Failure?.Message}" : "the user already existed in the connection before this job",
            };
        }

        var failure = finish.Failure ?? new ChunkFailure(RowErrorCodes.Auth0JobFailed, null, $"Auth0 import job {finish.ImportJobId}'s data is gone and the user is not in the connection", true, false, null);
        return Failed(row, finish.Posts, failure);
    }

    /// <summary>
    /// Whether this job inserted <paramref name="user"/>. Without <c>upsert</c>, Auth0 never writes to a user that
    /// exists, so the job's id in its <c>app_metadata</c> proves it. With <c>upsert</c> an update writes the id too, so
    /// the user must also have been created no earlier than the chunk's first import job Ferry heard of, and not
    /// updated since it was created (both Auth0's own clock): a user someone else made, even a moment before, is
    /// reported updated, and so — conservatively — is a user of a post whose answer was lost in a crash.
    /// </summary>
    private static bool InsertedByThisJob(Auth0User user, FinishChunk finish, bool upsert) =>
        string.Equals(user.FerryJob, finish.JobId, StringComparison.Ordinal)
        && (!upsert
            || (user.CreatedAt is { } created
                && finish.FirstJobCreatedAt is { } firstJob
                && created >= firstJob
                && user.UpdatedAt == created));

    private static RowOutcome Outcome(Auth0Record row, string action, int attempts) =>
        new(row.Row, row.Line, row.Username ?? row.UserId, row.Email, action, null, null, [], null, null, null, attempts);

    private static RowOutcome Failed(Auth0Record row, int attempts, ChunkFailure failure) =>
        Outcome(row, RowAction.Failed, attempts) with { ErrorCode = failure.Code, ErrorSummary = failure.Auth0Code is { } code ? $"{code}: {failure.Message}" : failure.Message, Retryable = failure.Retryable };

    private static RowOutcome Rejected(Auth0Record row, int attempts, IReadOnlyList<Auth0ErrorDetail> errors) =>
        Outcome(row, RowAction.Failed, attempts) with
        {
            ErrorCode = errors[0].Code,
            // Each message is bounded already (Auth0ErrorDetail.FromAuth0); a report keeps the first three.
            ErrorSummary = string.Join("; ", errors.Take(3).Select(e => e.Message)) + (errors.Count > 3 ? $"; and {errors.Count - 3} more" : ""),
            Column = errors.Select(e => e.Path).FirstOrDefault(p => !string.IsNullOrEmpty(p)),
        };

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Job {JobId} chunk {Chunk} ({End}, Auth0 job {ImportJobId}): {Rows} rows, {Succeeded} succeeded, {NeedingAttention} need attention; {LookedUp} looked up")]
    private static partial void LogFinished(ILogger logger, string jobId, int chunk, ChunkEnd end, string? importJobId, int rows, int succeeded, int needingAttention, int lookedUp);
}
