using Ferry.Core.Auth0;
using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Ferry.Orchestration.Auth0;

/// <summary>
/// Posts one chunk as an Auth0 import job: rebuilds its users file from its byte range of the pinned input (the same
/// bytes every time), and sends it with the job's connection, <c>upsert</c>, <c>external_id</c> and
/// <c>send_completion_email</c> (false unless the job asked). Every user carries the job's id in
/// <c>app_metadata.ferry_job</c> (<see cref="Auth0Ownership"/>: the plan tagged them). Returns the import job's id and
/// when Auth0 created it, never a user.
/// </summary>
public sealed partial class PostChunkActivity(IJobDocuments documents, IJobInputs inputs, IJobStops stops, Auth0Client auth0, ILogger<PostChunkActivity> logger) : TaskActivity<PostChunk, PostChunkResult>
{
    public const string Name = "PostAuth0Chunk";

    /// <summary>The failure code of a post not sent because the job was suspended or is being terminated.</summary>
    public const string JobStopped = "job-stopped";

    public override async Task<PostChunkResult> RunAsync(TaskActivityContext context, PostChunk work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var span = FerryTelemetry.StartJobSpan(FerryTelemetry.Spans.Auth0ChunkPost, work.JobId)?
            .SetTag(FerryTelemetry.Tags.Chunk, work.Chunk);
        var cancellationToken = CancellationToken.None;
        var job = await documents.LoadAuth0Async(work.JobId, cancellationToken);
        var options = JobOptionsReader.ReadValid(job.Options);
        var chunk = job.Plan.Chunks[work.Chunk];
        Auth0ChunkPayload content;
        await using (var stream = await inputs.OpenRangeAsync(job.Input, chunk.StartByte, chunk.EndByte, cancellationToken))
        {
            content = await Auth0JobReader.ReadChunkAsync(stream, job.Plan, chunk, job.Input.Name, cancellationToken);
        }

        var metrics = new OktaCallMetrics();
        if (await stops.IsSetAsync(work.JobId, cancellationToken))
        {
            // Suspended or being terminated since the chunk was sent here: nothing goes to Auth0; the chunk waits.
            return new PostChunkResult(null, null, new ChunkFailure(JobStopped, null, "the job was stopped before this chunk was posted", true, false, null), metrics.Snapshot());
        }

        var request = new Auth0ImportRequest(job.Target.ConnectionId, options.Upsert, work.ExternalId, options.SendCompletionEmail);
        var created = await auth0.CreateUsersImportAsync(request, content.Payload, metrics, cancellationToken);
        if (created.Failed)
        {
            LogRefused(logger, work.JobId, work.Chunk, created.Failure.StatusCode, created.Failure.Message);
            return new PostChunkResult(null, null, ChunkFailures.Of(created.Failure), metrics.Snapshot());
        }

        LogPosted(logger, work.JobId, work.Chunk, chunk.Users, content.Payload.Length, created.Value!.Id);
        return new PostChunkResult(created.Value.Id, created.Value.CreatedAt, null, metrics.Snapshot());
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Job {JobId} chunk {Chunk}: {Users} users ({Bytes} bytes) posted as Auth0 import job {ImportJobId}")]
    private static partial void LogPosted(ILogger logger, string jobId, int chunk, int users, int bytes, string importJobId);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Job {JobId} chunk {Chunk}: Auth0 did not take the import ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string jobId, int chunk, int? status, string reason);
}
