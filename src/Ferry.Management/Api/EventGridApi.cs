using System.Text.Json;
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
            response.Headers["WebHook-Allowed-Origin"] = request.Headers["WebHook-Request-Origin"].FirstOrDefault() ?? "*";
            return TypedResults.Ok();
        });
        return events;
    }

    public static async Task<IResult> BlobCreatedAsync(HttpRequest request, JobStarter starter, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(starter);
        ArgumentNullException.ThrowIfNull(loggers);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.Problem(title: "Invalid body", detail: "Expected an array of Event Grid events.", statusCode: 400);
        }

        using (document)
        {
            var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            var started = new List<string>();
            foreach (var e in events)
            {
                var type = e.TryGetProperty("eventType", out var t) ? t.GetString() : e.TryGetProperty("type", out var ct) ? ct.GetString() : null;
                if (type == ValidationEventType && e.TryGetProperty("data", out var data) && data.TryGetProperty("validationCode", out var code))
                {
                    return TypedResults.Ok(new { validationResponse = code.GetString() });
                }

                if (type != BlobCreatedEventType || !e.TryGetProperty("subject", out var subject) || BlobOf(subject.GetString()) is not { } blob)
                {
                    continue;
                }

                // Only the inbox starts jobs from events (the allow-list is for explicit JSON starts).
                if (!string.Equals(blob.Container, starter.InboxContainer, StringComparison.Ordinal) || !JobStarter.IsJobFile(blob.Name))
                {
                    continue;
                }

                if (await starter.StartFromInboxBlobAsync(blob.Name, cancellationToken) is { } job)
                {
                    started.Add(job.InstanceId);
                    LogStarted(loggers.CreateLogger("Ferry.Management.Api.EventGrid"), blob.Name, job.InstanceId);
                }
            }

            return TypedResults.Ok(new { started });
        }
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

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Event Grid BlobCreated for {Blob}: job {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string blob, string instanceId);
}
