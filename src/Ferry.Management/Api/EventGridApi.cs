using System.Text.Json;
using Ferry.Core.Security;
using Ferry.Management.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ferry.Management.Api;

/// <summary>
/// <c>POST /api/events/blob-created</c>: an Event Grid webhook that starts jobs on <c>Microsoft.Storage.BlobCreated</c>
/// for the inbox container, instead of (or as well as) polling. Answers Event Grid's subscription validation
/// handshake, and the CloudEvents abuse-protection OPTIONS request.
/// </summary>
public static partial class EventGridApi
{
    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string BlobCreatedEventType = "Microsoft.Storage.BlobCreated";

    public static RouteGroupBuilder MapEventGrid(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var events = endpoints.MapGroup("/api/events").WithTags("Events");
        events.MapPost("/blob-created", BlobCreatedAsync).WithSummary("Event Grid webhook for BlobCreated on the inbox");
        events.MapMethods("/blob-created", ["OPTIONS"], (HttpRequest request, HttpResponse response) =>
        {
            // Echoed into a response header: only a host name (Event Grid sends eventgrid.azure.net).
            var origin = request.Headers["WebHook-Request-Origin"].FirstOrDefault();
            if (origin is not null && !IsHostName(origin))
            {
                return (IResult)TypedResults.Problem(title: "Invalid origin", detail: "WebHook-Request-Origin must be a host name.", statusCode: 400);
            }

            response.Headers["WebHook-Allowed-Origin"] = origin ?? "*";
            return TypedResults.Ok();
        });
        return events;
    }

    /// <summary>
    /// Starts a job per <c>BlobCreated</c> event of the inbox. The batch is bounded (<see cref="RequestBodies.MaxEventGridBytes"/>,
    /// <see cref="RequestBodies.MaxEventGridEvents"/>: 413) and checked whole before anything starts: an event naming an
    /// inbox blob whose name breaks <see cref="BlobNames"/>' rule refuses the batch (400 naming the rule) — storage never
    /// sends such an event, so someone forged it. Events of other containers are ignored.
    /// </summary>
    public static async Task<IResult> BlobCreatedAsync(HttpRequest request, JobStarter starter, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(starter);
        ArgumentNullException.ThrowIfNull(loggers);
        var (json, refused) = await RequestBodies.ReadJsonAsync(request, RequestBodies.MaxEventGridBytes, "1 MiB (an Event Grid batch)", "an array of Event Grid events.", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = RequestBodies.MaxJsonDepth + 1 });
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        if (events.Count > RequestBodies.MaxEventGridEvents)
        {
            return RequestBodies.TooLarge(request, $"{RequestBodies.MaxEventGridEvents} events (set the subscription's maxEventsPerBatch to at most that)");
        }

        var blobs = new List<string>();
        foreach (var e in events)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return TypedResults.Problem(title: "Invalid body", detail: "Expected an array of Event Grid events.", statusCode: 400);
            }

            var type = Text(e, "eventType") ?? Text(e, "type");
            if (type == ValidationEventType && e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && Text(data, "validationCode") is { } code)
            {
                return TypedResults.Ok(new { validationResponse = code });
            }

            // Only the inbox starts jobs from events (the allow-list is for explicit JSON starts).
            if (type != BlobCreatedEventType || BlobOf(Text(e, "subject")) is not { } blob || !string.Equals(blob.Container, starter.InboxContainer, StringComparison.Ordinal))
            {
                continue;
            }

            if (BlobNames.Check(blob.Name) is { } problem)
            {
                LogRefused(loggers.CreateLogger("Ferry.Management.Api.EventGrid"), BlobNames.Printable(blob.Name), problem.Rule);
                return ApiProblems.InvalidBlobName(problem);
            }

            if (JobStarter.IsJobFile(blob.Name))
            {
                blobs.Add(blob.Name);
            }
        }

        var started = new List<string>();
        foreach (var name in blobs)
        {
            if (await starter.StartFromInboxBlobAsync(name, cancellationToken) is { } job)
            {
                started.Add(job.InstanceId);
                LogStarted(loggers.CreateLogger("Ferry.Management.Api.EventGrid"), name, job.InstanceId);
            }
        }

        return TypedResults.Ok(new { started });
    }

    /// <summary>Container and blob name from a subject like <c>/blobServices/default/containers/{container}/blobs/{name}</c>.</summary>
    public static (string Container, string Name)? BlobOf(string? subject)
    {
        const string containers = "/containers/";
        const string blobs = "/blobs/";
        if (subject is null)
        {
            return null;
        }

        var c = subject.IndexOf(containers, StringComparison.Ordinal);
        var b = subject.IndexOf(blobs, StringComparison.Ordinal);
        if (c < 0 || b < 0 || b < c)
        {
            return null;
        }

        return (subject[(c + containers.Length)..b], subject[(b + blobs.Length)..]);
    }

    private static bool IsHostName(string value) =>
        value.Length is > 0 and <= 253 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Event Grid BlobCreated for {Blob}: job {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string blob, string instanceId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Event Grid BlobCreated for {Blob} refused: not a name Ferry reads ({Rule}); the batch starts nothing")]
    private static partial void LogRefused(ILogger logger, string blob, string rule);
}
