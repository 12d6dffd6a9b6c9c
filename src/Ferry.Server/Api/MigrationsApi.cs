using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Jobs;
using Ferry.Core.RateLimiting;
using Ferry.Server.Inbox;
using Ferry.Server.Jobs;
using Ferry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Api;

/// <summary>
/// The management API, shaped like Durable Functions' HTTP API: start (202 + management payload), status (202 while
/// running, 200 when finished, 404 unknown), list, terminate, suspend, resume, raise event, purge, rerun failed rows.
/// </summary>
public static class MigrationsApi
{
    /// <summary>
    /// An uploaded CSV goes to the inbox in 4 MB blocks, two at a time. The SDK's default would first buffer up to
    /// 256 MB of a body of unknown length to try a single-shot upload: a million-row file held in memory at once.
    /// </summary>
    private static readonly Azure.Storage.StorageTransferOptions UploadTransfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    public static RouteGroupBuilder MapMigrations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/migrations").AddEndpointFilter<ApiKeyFilter>().WithTags("Migrations");
        // Any content type: a JSON body names a blob, anything else is the CSV itself (curl --data-binary sends form-urlencoded).
        api.MapPost("/", StartAsync)
            .WithMetadata(new RequestSizeLimitAttribute(long.MaxValue))
            .WithSummary("Start a job from a CSV body (text/csv) or from an existing blob named in a JSON body (application/json)");
        api.MapGet("/", ListAsync).WithSummary("List jobs");
        api.MapGet("/{id}", StatusAsync).WithName("MigrationStatus").WithSummary("A job's status: 202 while running, 200 when finished");
        api.MapPost("/{id}/terminate", TerminateAsync).WithSummary("Terminate a job; its report covers what was done");
        api.MapPost("/{id}/suspend", SuspendAsync).WithSummary("Suspend a job after its current batches");
        api.MapPost("/{id}/resume", ResumeAsync).WithSummary("Resume a suspended job");
        api.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync).WithSummary("Raise an event; 'approve' releases a job waiting for approval");
        api.MapDelete("/{id}", PurgeAsync).WithSummary("Purge a finished job's state (and reports with purgeReports=true)");
        api.MapPost("/{id}/rerun-failed", RerunFailedAsync).WithSummary("Start a new job over the failed rows of a finished one");
        return api;
    }

    private static async Task<Results<Accepted<ManagementPayload>, ProblemHttpResult>> StartAsync(
        HttpRequest request,
        FerryBlobStorage storage,
        JobStarter starter,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (queryOptions, errors) = ParseQueryOptions(request);
        if (errors.Count > 0)
        {
            return Problem(400, "Invalid options", string.Join("; ", errors));
        }

        (string, bool)? started;
        if (request.HasJsonContentType())
        {
            StartMigrationRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<StartMigrationRequest>(cancellationToken);
            }
            catch (JsonException e)
            {
                return Problem(400, "Invalid body", $"The JSON body is not well-formed: {e.Message}");
            }

            if (body?.Blob?.Name is not { Length: > 0 } name)
            {
                return Problem(400, "Invalid body", "The body must name a blob: {\"blob\":{\"container\":\"ferry-inbox\",\"name\":\"users.csv\"},\"options\":{...}}");
            }

            var (bodyOptions, bodyErrors) = JobOptions.Parse(body.Options?.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)) ?? [], strict: true);
            if (bodyErrors.Count > 0)
            {
                return Problem(400, "Invalid options", string.Join("; ", bodyErrors));
            }

            var merged = new Dictionary<string, string>(queryOptions);
            foreach (var (key, value) in body.Options ?? [])
            {
                merged[key] = value;
            }

            _ = bodyOptions;
            var container = body.Blob.Container ?? storage.Inbox.Name;
            try
            {
                // The blob's own options (metadata, folder) as the inbox watcher would read them, overridden by the request's.
                var properties = await storage.Container(container).GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
                var options = new Dictionary<string, string>(JobStarter.OptionsFor(name, properties.Value.Metadata));
                foreach (var (key, value) in merged)
                {
                    options[key] = value;
                }

                started = await starter.StartFromBlobAsync(container, name, properties.Value.ETag.ToString(), options, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return Problem(404, "Blob not found", $"No blob '{name}' in container '{container}'.");
            }
        }
        else
        {
            // The CSV is stored into the inbox first, so an HTTP start and an inbox drop are one path.
            var fileName = Path.GetFileName(request.Query["name"].FirstOrDefault() ?? "upload.csv");
            if (!JobStarter.IsCsv(fileName))
            {
                fileName += ".csv";
            }

            var blobName = $"http/{time.GetUtcNow():yyyy/MM/dd}/{Guid.NewGuid():N}/{fileName}";
            var blob = storage.Inbox.GetBlobClient(blobName);
            var uploaded = await blob.UploadAsync(request.Body, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
                Metadata = queryOptions,
                TransferOptions = UploadTransfer,
            }, cancellationToken);
            started = await starter.StartFromBlobAsync(storage.Inbox.Name, blobName, uploaded.Value.ETag.ToString(), queryOptions, cancellationToken);
        }

        if (started is not { } job)
        {
            return Problem(409, "Input changed", "The blob changed while the job was starting; the new version starts its own job.");
        }

        var payload = ManagementPayload.For(request, job.Item1);
        return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
    }

    private static async Task<IResult> StatusAsync(
        string id,
        HttpRequest request,
        IGrainFactory grains,
        IRateLimitBudget budget,
        IOptions<StorageOptions> storage)
    {
        if (!InstanceIds.IsValid(id) || await grains.GetGrain<IJobGrain>(id).GetStatusAsync() is not { } view)
        {
            return TypedResults.NotFound();
        }

        var snapshots = JobRuntimeStatus.IsFinished(view.RuntimeStatus) ? [] : await budget.SnapshotAsync();
        var payload = StatusPayload.From(view, snapshots, storage.Value.ReportsContainer);
        if (JobRuntimeStatus.IsFinished(view.RuntimeStatus))
        {
            return TypedResults.Ok(payload);
        }

        return TypedResults.Accepted(ManagementPayload.For(request, id).StatusQueryGetUri, payload);
    }

    private static async Task<Ok<List<StatusPayload>>> ListAsync(
        HttpRequest request,
        HttpResponse response,
        JobCatalog catalog,
        IGrainFactory grains,
        IOptions<StorageOptions> storage,
        [FromQuery] string? runtimeStatus,
        [FromQuery] DateTimeOffset? createdTimeFrom,
        [FromQuery] DateTimeOffset? createdTimeTo,
        [FromQuery] int? top,
        [FromQuery] string? continuationToken,
        CancellationToken cancellationToken)
    {
        var statuses = runtimeStatus?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = continuationToken ?? request.Headers["x-ms-continuation-token"].FirstOrDefault();
        var (entries, next) = await catalog.ListAsync(statuses, createdTimeFrom, createdTimeTo, Math.Clamp(top ?? 100, 1, 1000), token, cancellationToken);
        var payloads = new List<StatusPayload>();
        foreach (var entry in entries)
        {
            if (await grains.GetGrain<IJobGrain>(entry.InstanceId).GetStatusAsync() is { } view)
            {
                payloads.Add(StatusPayload.From(view, [], storage.Value.ReportsContainer));
            }
        }

        if (next is not null)
        {
            response.Headers["x-ms-continuation-token"] = next;
        }

        return TypedResults.Ok(payloads);
    }

    private static Task<IResult> TerminateAsync(string id, [FromQuery] string? reason, IGrainFactory grains) =>
        Control(id, grains, job => job.TerminateAsync(reason));

    private static Task<IResult> SuspendAsync(string id, [FromQuery] string? reason, IGrainFactory grains) =>
        Control(id, grains, job => job.SuspendAsync(reason));

    private static Task<IResult> ResumeAsync(string id, [FromQuery] string? reason, IGrainFactory grains) =>
        Control(id, grains, job => job.ResumeAsync(reason));

    private static Task<IResult> RaiseEventAsync(string id, string eventName, IGrainFactory grains) =>
        Control(id, grains, job => job.RaiseEventAsync(eventName));

    private static async Task<IResult> PurgeAsync(string id, [FromQuery] bool? purgeReports, IGrainFactory grains)
    {
        if (!InstanceIds.IsValid(id) || await grains.GetGrain<IJobGrain>(id).GetStatusAsync() is not { } view)
        {
            return TypedResults.NotFound();
        }

        if (!JobRuntimeStatus.IsFinished(view.RuntimeStatus))
        {
            return Problem(409, "Job still running", $"Job {id} is {view.RuntimeStatus}; terminate it before purging.");
        }

        await grains.GetGrain<IJobGrain>(id).PurgeAsync(purgeReports ?? false);
        return TypedResults.Ok(new { instancesDeleted = 1 });
    }

    private static async Task<IResult> RerunFailedAsync(
        string id,
        HttpRequest request,
        IGrainFactory grains,
        FerryBlobStorage storage,
        CancellationToken cancellationToken)
    {
        var source = InstanceIds.IsValid(id) ? grains.GetGrain<IJobGrain>(id) : null;
        if (source is null || await source.GetStatusAsync() is not { } view)
        {
            return TypedResults.NotFound();
        }

        if (await source.FailedLinesAsync() is not { } lines)
        {
            return Problem(409, "Job not finished", $"Job {id} is {view.RuntimeStatus}; rerun-failed needs a finished job.");
        }

        if (lines.Count == 0 || view.Input is null)
        {
            return Problem(422, "Nothing to rerun", $"Job {id} has no failed rows to run again (invalid rows need a corrected file).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var newId = InstanceIds.ForRerun(id, attempt);
            var job = grains.GetGrain<IJobGrain>(newId);
            if (await job.GetStatusAsync() is not null)
            {
                continue;
            }

            var linesBlob = $"reruns/{newId}.json";
            await storage.State.GetBlobClient(linesBlob).UploadAsync(
                BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(lines.ToList(), ServerJsonContext.Default.ListInt32)),
                overwrite: true,
                cancellationToken);
            var result = await job.StartAsync(new JobStartRequest(view.Input, view.Options, id, linesBlob));
            if (!result.Created)
            {
                continue;
            }

            var payload = ManagementPayload.For(request, newId);
            return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
        }
    }

    private static async Task<IResult> Control(string id, IGrainFactory grains, Func<IJobGrain, Task<bool>> action)
    {
        if (!InstanceIds.IsValid(id))
        {
            return TypedResults.NotFound();
        }

        var job = grains.GetGrain<IJobGrain>(id);
        if (await job.GetStatusAsync() is not { } view)
        {
            return TypedResults.NotFound();
        }

        return await action(job)
            ? TypedResults.Accepted((string?)null)
            : Problem(409, "Not possible now", $"Job {id} is {view.RuntimeStatus}.");
    }

    private static (Dictionary<string, string> Options, IReadOnlyList<string> Errors) ParseQueryOptions(HttpRequest request)
    {
        var pairs = request.Query
            .Where(q => !string.Equals(q.Key, ApiKeys.Query, StringComparison.OrdinalIgnoreCase) && !string.Equals(q.Key, "name", StringComparison.OrdinalIgnoreCase))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .ToList();
        var (_, errors) = JobOptions.Parse(pairs, strict: true);
        return (pairs.ToDictionary(p => JobOptions.Names.All.FirstOrDefault(n => string.Equals(n, p.Key, StringComparison.OrdinalIgnoreCase)) ?? p.Key, p => p.Value ?? "", StringComparer.Ordinal), errors);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
