using System.Globalization;
using Ferry.Management.Api;
using Ferry.Management.Jobs;
using Ferry.Orchestration.Storage;
using Ferry.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Ferry.Functions.Api;

/// <summary>
/// The management API as HTTP functions: the routes, payloads and status codes of docs/api.md, answered by the same
/// handlers as the self-host's endpoints (<see cref="MigrationsApi"/>) over the client <c>[DurableClient]</c> gives.
/// Function keys replace Ferry's own keys; Azure checks them before a call gets here, and <see cref="QueryKeyMiddleware"/>
/// refuses one sent as <c>code=</c> rather than the <c>x-functions-key</c> header. The handlers bound what they read
/// (<see cref="RequestBodies"/>, <c>Ferry:Api:MaxUploadBytes</c>) and check ids and blob names, here as in the self-host.
/// </summary>
public sealed class MigrationFunctions(
    IServiceProvider services,
    FerryStorage storage,
    IJobReports reports,
    TimeProvider time,
    IOptions<RequestLimitsOptions> limits)
{
    public const string Start = "StartMigration";
    public const string List = "ListMigrations";
    public const string Status = "MigrationStatus";
    public const string Terminate = "TerminateMigration";
    public const string Suspend = "SuspendMigration";
    public const string Resume = "ResumeMigration";
    public const string RaiseEvent = "RaiseMigrationEvent";
    public const string Purge = "PurgeMigration";
    public const string RerunFailed = "RerunFailedMigration";
    public const string Undo = "UndoMigration";
    public const string Report = "MigrationReport";

    [Function(Start)]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answer(await MigrationsApi.StartAsync(request, storage, Jobs(client).Starter, time, limits, cancellationToken));
    }

    [Function(List)]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        if (!TryTime(query["createdTimeFrom"], out var from) || !TryTime(query["createdTimeTo"], out var to)
            || !TryInt(query["top"], out var top))
        {
            return Answer(TypedResults.Problem(title: "Invalid query", detail: "createdTimeFrom and createdTimeTo are ISO 8601 times, top a number.", statusCode: 400));
        }

        return Answer(await MigrationsApi.ListAsync(
            request, request.HttpContext.Response, Jobs(client).Jobs, reports, query["runtimeStatus"].FirstOrDefault(), from, to, top, query["continuationToken"].FirstOrDefault(), cancellationToken));
    }

    [Function(Status)]
    public async Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.StatusAsync(id, request, Jobs(client).Jobs, reports, cancellationToken));

    [Function(Terminate)]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/terminate")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.TerminateAsync(id, Reason(request), Jobs(client).Control, cancellationToken));

    [Function(Suspend)]
    public async Task<IActionResult> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/suspend")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.SuspendAsync(id, Reason(request), Jobs(client).Control, cancellationToken));

    [Function(Resume)]
    public async Task<IActionResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/resume")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.ResumeAsync(id, Reason(request), Jobs(client).Control, cancellationToken));

    [Function(RaiseEvent)]
    public async Task<IActionResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/raiseEvent/{eventName}")] HttpRequest request,
        string id,
        string eventName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.RaiseEventAsync(id, eventName, Jobs(client).Control, cancellationToken));

    [Function(Purge)]
    public async Task<IActionResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "migrations/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var purgeReports = bool.TryParse(request.Query["purgeReports"].FirstOrDefault(), out var value) && value;
        return Answer(await MigrationsApi.PurgeAsync(id, purgeReports, Jobs(client).Control, cancellationToken));
    }

    [Function(RerunFailed)]
    public async Task<IActionResult> RerunFailedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/rerun-failed")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.RerunFailedAsync(id, request, Jobs(client).Control, cancellationToken));

    [Function(Undo)]
    public async Task<IActionResult> UndoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/undo")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool? requireApproval = bool.TryParse(request.Query["requireApproval"].FirstOrDefault(), out var value) ? value : null;
        return Answer(await MigrationsApi.UndoAsync(id, requireApproval, request, Jobs(client).Control, cancellationToken));
    }

    [Function(Report)]
    public async Task<IActionResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/reports/{name}")] HttpRequest request,
        string id,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        Answer(await MigrationsApi.ReportAsync(id, name, storage, cancellationToken));

    /// <summary>The handler's answer, written by the Functions worker as the self-host's endpoint writes it.</summary>
    private static ResultAction Answer(IResult result) => new(result);

    private static string? Reason(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query["reason"].FirstOrDefault();
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value);
        time = parsed ? value : null;
        return parsed;
    }

    private static bool TryInt(string? text, out int? number)
    {
        number = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parsed = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value);
        number = parsed ? value : null;
        return parsed;
    }

    private JobManagement Jobs(DurableTaskClient client) => new(client, services);
}
