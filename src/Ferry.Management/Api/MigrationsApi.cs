using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Jobs;
using Ferry.Core.Reports;
using Ferry.Core.Security;
using Ferry.Management.Jobs;
using Ferry.Orchestration.Storage;
using Ferry.Storage;
using Ferry.Storage.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ferry.Management.Api;

/// <summary>
/// The management API, shaped like Durable Functions' HTTP API: start (202 + management payload), status (202 while
/// running, 200 when finished, 404 unknown), list, terminate, suspend, resume, raise event, purge, rerun failed rows.
/// The handlers are public so that a host can call them from its own triggers; <see cref="MapMigrations"/> maps them
/// under <c>/api/migrations</c> (the host adds its key check to the group).
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
        var api = endpoints.MapGroup("/api/migrations").WithTags("Migrations");
        // Any content type: a JSON body names a blob, anything else is the CSV itself (curl --data-binary sends form-urlencoded).
        // Its body's bound is the handler's (RequestBodies): Ferry:Api:MaxUploadBytes for a file, 64 KB for JSON.
        api.MapPost("/", StartAsync)
            .WithSummary("Start a job from a CSV body (text/csv) or from a blob of the inbox named in a JSON body (application/json)");
        api.MapGet("/", ListAsync).WithSummary("List jobs");
        api.MapGet("/{id}", StatusAsync).WithName("MigrationStatus").WithSummary("A job's status: 202 while running, 200 when finished");
        api.MapPost("/{id}/terminate", TerminateAsync).WithSummary("Terminate a job; its report covers what was done");
        api.MapPost("/{id}/suspend", SuspendAsync).WithSummary("Suspend a job after its current batches");
        api.MapPost("/{id}/resume", ResumeAsync).WithSummary("Resume a suspended job");
        api.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync).WithSummary("Raise an event; 'approve' releases a job waiting for approval");
        api.MapDelete("/{id}", PurgeAsync).WithSummary("Purge a finished job's state (and reports with purgeReports=true)");
        api.MapPost("/{id}/rerun-failed", RerunFailedAsync).WithSummary("Start a new job over the failed rows of a finished one");
        api.MapPost("/{id}/undo", UndoAsync).WithSummary("Start a job that deletes what a finished job created (dry run and approval by default)");
        api.MapGet("/{id}/reports/{name}", ReportAsync).WithSummary("Download one of a job's reports: results.csv, failed.csv or summary.json");
        return api;
    }

    public static async Task<Results<Accepted<ManagementPayload>, ProblemHttpResult>> StartAsync(
        HttpRequest request,
        FerryStorage storage,
        JobStarter starter,
        TimeProvider time,
        IOptions<RequestLimitsOptions> limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(starter);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(limits);
        var (queryOptions, errors) = ParseQueryOptions(request);
        if (errors.Count > 0)
        {
            return Problem(400, "Invalid options", string.Join("; ", errors));
        }

        (string, bool)? started;
        if (request.HasJsonContentType())
        {
            var (json, refused) = await RequestBodies.ReadJsonAsync(request, RequestBodies.MaxJsonBytes, "64 KB (a JSON start names a blob)", StartShape, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            StartMigrationRequest? body;
            try
            {
                body = JsonSerializer.Deserialize<StartMigrationRequest>(json.Span, RequestBodies.JsonOptions);
            }
            catch (JsonException)
            {
                return Problem(400, "Invalid body", $"The JSON body is not a start: {StartShape}");
            }

            if (body?.Blob?.Name is not { Length: > 0 } name)
            {
                return Problem(400, "Invalid body", $"The body must name a blob: {StartShape}");
            }

            var (_, bodyErrors) = JobOptions.Parse(body.Options?.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)) ?? [], strict: true);
            if (bodyErrors.Count > 0)
            {
                return Problem(400, "Invalid options", string.Join("; ", bodyErrors));
            }

            var container = body.Blob.Container ?? storage.Inbox.Name;
            if (!starter.IsAllowed(container))
            {
                // Never looked at: whether a blob exists elsewhere in the account is none of the caller's business.
                return Problem(400, "Container not allowed", $"A job reads its file only from the inbox container '{storage.Inbox.Name}'. Upload the file there (or POST it as the body).");
            }

            // Checked before anything is sent: "../private-x/users.csv" would leave the container once in a URL.
            if (storage.Container(container).TryGetCheckedBlobClient(name, out var blob) is { } problem)
            {
                return ApiProblems.InvalidBlobName(problem);
            }

            var merged = new Dictionary<string, string>(queryOptions);
            foreach (var (key, value) in body.Options ?? [])
            {
                merged[key] = value;
            }

            try
            {
                // The blob's own options (metadata, folder) as the inbox watcher would read them, overridden by the request's.
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
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
            // The file is stored into the inbox first, so an HTTP start and an inbox drop are one path.
            var maxBytes = limits.Value.MaxUploadBytes;
            var bound = string.Create(CultureInfo.InvariantCulture, $"{maxBytes} bytes (Ferry:Api:MaxUploadBytes)");
            if (RequestBodies.Refuse(request, maxBytes, bound) is { } refused)
            {
                return refused;
            }

            try
            {
                var upload = IsMultipart(request, out var boundary)
                    ? await StoreMultipartAsync(request, boundary, maxBytes, queryOptions, storage, time, cancellationToken)
                    : await StoreAsync(RequestBodies.Bounded(request, maxBytes), request.Query["name"].FirstOrDefault(), queryOptions, storage, time, cancellationToken);
                if (upload.Problem is { } invalid)
                {
                    return invalid;
                }

                var (blobName, etag) = upload.Stored!.Value;
                started = await starter.StartFromBlobAsync(storage.Inbox.Name, blobName, etag, JobStarter.OptionsFor(blobName, queryOptions), cancellationToken);
            }
            catch (Exception e) when (RequestBodies.IsTooLarge(e))
            {
                // Nothing was committed: a body of unknown length is staged in blocks, and only a whole one is committed.
                return RequestBodies.TooLarge(request, bound);
            }
        }

        if (started is not { } job)
        {
            return Problem(409, "Input changed", "The blob changed while the job was starting; the new version starts its own job.");
        }

        var payload = ManagementPayload.For(request, job.Item1);
        return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
    }

    public static async Task<IResult> StatusAsync(string id, HttpRequest request, JobStatusReader jobs, IJobReports reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (JobIds.Check(id) is { } invalid)
        {
            return ApiProblems.InvalidJobId(invalid);
        }

        if (await jobs.GetAsync(id, cancellationToken) is not { } job)
        {
            return TypedResults.NotFound();
        }

        var payload = StatusPayload.From(job, reports);
        return job.IsFinished ? TypedResults.Ok(payload) : TypedResults.Accepted(ManagementPayload.For(request, id).StatusQueryGetUri, payload);
    }

    public static async Task<Ok<List<StatusPayload>>> ListAsync(
        HttpRequest request,
        HttpResponse response,
        JobStatusReader jobs,
        IJobReports reports,
        [FromQuery] string? runtimeStatus,
        [FromQuery] DateTimeOffset? createdTimeFrom,
        [FromQuery] DateTimeOffset? createdTimeTo,
        [FromQuery] int? top,
        [FromQuery] string? continuationToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(jobs);
        var statuses = runtimeStatus?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = continuationToken ?? request.Headers["x-ms-continuation-token"].FirstOrDefault();
        var (page, next) = await jobs.ListAsync(statuses, createdTimeFrom, createdTimeTo, Math.Clamp(top ?? 100, 1, 1000), token, cancellationToken);
        if (next is not null)
        {
            response.Headers["x-ms-continuation-token"] = next;
        }

        return TypedResults.Ok(page.Select(job => StatusPayload.From(job, reports)).ToList());
    }

    public static async Task<IResult> TerminateAsync(string id, [FromQuery] string? reason, JobControl control, CancellationToken cancellationToken) =>
        JobIds.Check(id) is { } invalid ? ApiProblems.InvalidJobId(invalid) : Answer(await control.TerminateAsync(id, reason, cancellationToken));

    public static async Task<IResult> SuspendAsync(string id, [FromQuery] string? reason, JobControl control, CancellationToken cancellationToken) =>
        JobIds.Check(id) is { } invalid ? ApiProblems.InvalidJobId(invalid) : Answer(await control.SuspendAsync(id, reason, cancellationToken));

    public static async Task<IResult> ResumeAsync(string id, [FromQuery] string? reason, JobControl control, CancellationToken cancellationToken) =>
        JobIds.Check(id) is { } invalid ? ApiProblems.InvalidJobId(invalid) : Answer(await control.ResumeAsync(id, reason, cancellationToken));

    public static async Task<IResult> RaiseEventAsync(string id, string eventName, JobControl control, CancellationToken cancellationToken) =>
        JobIds.Check(id) is { } invalid ? ApiProblems.InvalidJobId(invalid) : Answer(await control.RaiseEventAsync(id, eventName, cancellationToken));

    public static async Task<IResult> PurgeAsync(string id, [FromQuery] bool? purgeReports, JobControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (JobIds.Check(id) is { } invalid)
        {
            return ApiProblems.InvalidJobId(invalid);
        }

        var outcome = await control.PurgeAsync(id, purgeReports ?? false, cancellationToken);
        return outcome.Status == ControlStatus.Accepted ? TypedResults.Ok(new { instancesDeleted = 1 }) : Answer(outcome);
    }

    public static async Task<IResult> RerunFailedAsync(string id, HttpRequest request, JobControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (JobIds.Check(id) is { } invalid)
        {
            return ApiProblems.InvalidJobId(invalid);
        }

        var outcome = await control.RerunFailedAsync(id, cancellationToken);
        if (outcome is { Status: ControlStatus.Accepted, InstanceId: { } rerun })
        {
            var payload = ManagementPayload.For(request, rerun);
            return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
        }

        return Answer(outcome);
    }

    /// <summary>
    /// Starts an undo job over a finished job (202 with its management payload); <c>requireApproval=false</c> skips the
    /// dry run and the wait for <c>approve</c>. 404 unknown, 409 still running, 400 an undo job, 422 nothing created.
    /// </summary>
    public static async Task<IResult> UndoAsync(string id, [FromQuery] bool? requireApproval, HttpRequest request, JobControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (JobIds.Check(id) is { } invalid)
        {
            return ApiProblems.InvalidJobId(invalid);
        }

        var outcome = await control.UndoAsync(id, requireApproval ?? true, cancellationToken);
        if (outcome is { Status: ControlStatus.Accepted, InstanceId: { } undo })
        {
            var payload = ManagementPayload.For(request, undo);
            return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
        }

        return Answer(outcome);
    }

    /// <summary>
    /// A job's report as it stands (written in full at each step, so never half a file): 200 with its bytes, 404 when the
    /// id is unknown, the name is not one of <see cref="ReportNames.All"/>, or the report is not written yet (or purged);
    /// 400 when the id is not a job id.
    /// </summary>
    public static async Task<IResult> ReportAsync(string id, string name, FerryStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (JobIds.Check(id) is { } invalid)
        {
            return ApiProblems.InvalidJobId(invalid);
        }

        var report = ReportNames.All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (report is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var download = await storage.Reports.GetCheckedBlobClient(BlobReports.BlobName(id, report)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            var contentType = report.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv; charset=utf-8";
            return TypedResults.Stream(download.Value.Content, contentType, report);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return TypedResults.NotFound();
        }
    }

    private const string StartShape = "{\"blob\":{\"container\":\"ferry-inbox\",\"name\":\"users.csv\"},\"options\":{...}}";

    /// <summary>
    /// Stores an uploaded file into the inbox as <c>http/{yyyy}/{MM}/{dd}/{guid}/{file name}</c>, the file name reduced to
    /// a safe one (<see cref="UploadFileNames"/>) whatever the caller called it. Returns the blob's name and ETag.
    /// </summary>
    private static async Task<((string Name, string ETag)? Stored, ProblemHttpResult? Problem)> StoreAsync(
        Stream content,
        string? givenName,
        Dictionary<string, string> options,
        FerryStorage storage,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var fileName = UploadFileNames.Safe(givenName);
        if (!JobStarter.IsJobFile(fileName))
        {
            fileName += ".csv";
        }

        var blobName = string.Create(CultureInfo.InvariantCulture, $"http/{time.GetUtcNow():yyyy/MM/dd}/{Guid.NewGuid():N}/{fileName}");
        var blob = storage.Inbox.GetCheckedBlobClient(blobName);
        var uploaded = await blob.UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = JobStarter.IsJson(fileName) ? "application/json" : "text/csv" },
            Metadata = options,
            TransferOptions = UploadTransfer,
        }, cancellationToken);
        return ((blobName, uploaded.Value.ETag.ToString()), null);
    }

    /// <summary>
    /// A <c>multipart/form-data</c> upload (<c>curl -F file=@users.csv</c>): the first file part is the file, streamed as it
    /// arrives; <c>?name=</c> names it, else the part's own file name. Other parts are skipped.
    /// </summary>
    private static async Task<((string Name, string ETag)? Stored, ProblemHttpResult? Problem)> StoreMultipartAsync(
        HttpRequest request,
        string boundary,
        long maxBytes,
        Dictionary<string, string> options,
        FerryStorage storage,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (boundary.Length is 0 or > 70)
        {
            return (null, Problem(400, "Invalid body", "A multipart body needs a boundary of 1 to 70 characters."));
        }

        var reader = new MultipartReader(boundary, RequestBodies.Bounded(request, maxBytes)) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
                {
                    var name = request.Query["name"].FirstOrDefault()
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return await StoreAsync(section.Body, name, options, storage, time, cancellationToken);
                }
            }
        }
        catch (InvalidDataException)
        {
            return (null, Problem(400, "Invalid body", "The multipart body is malformed (or a part's headers are over 16 KB)."));
        }

        return (null, Problem(400, "Invalid body", "A multipart body needs a file part (Content-Disposition: form-data; name=\"file\"; filename=\"users.csv\")."));
    }

    /// <summary>Whether the body is <c>multipart/form-data</c> with a usable boundary (RFC 2046: at most 70 characters).</summary>
    private static bool IsMultipart(HttpRequest request, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        return true;
    }

    private static IResult Answer(ControlOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            ControlStatus.Accepted => TypedResults.Accepted((string?)null),
            ControlStatus.NotFound => TypedResults.NotFound(),
            ControlStatus.NothingToDo => Problem(422, "Nothing to do", outcome.Detail ?? ""),
            ControlStatus.Refused => Problem(400, "Not possible for this job", outcome.Detail ?? ""),
            _ => Problem(409, "Not possible now", outcome.Detail ?? ""),
        };
    }

    private static (Dictionary<string, string> Options, IReadOnlyList<string> Errors) ParseQueryOptions(HttpRequest request)
    {
        var pairs = request.Query
            .Where(q => !string.Equals(q.Key, "code", StringComparison.OrdinalIgnoreCase) && !string.Equals(q.Key, "name", StringComparison.OrdinalIgnoreCase))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .ToList();
        var (_, errors) = JobOptions.Parse(pairs, strict: true);
        // Kept as validated (trimmed, as Parse reads them): an upload stores them as blob metadata, that is as headers.
        return (pairs.ToDictionary(p => JobOptions.Names.All.FirstOrDefault(n => string.Equals(n, p.Key, StringComparison.OrdinalIgnoreCase)) ?? p.Key, p => (p.Value ?? "").Trim(), StringComparer.Ordinal), errors);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
