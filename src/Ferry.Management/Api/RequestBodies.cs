using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Management.Api;

/// <summary>
/// Bounds on what a request may send, applied before anything is stored or started: an upload's
/// <c>Ferry:Api:MaxUploadBytes</c>, <see cref="MaxJsonBytes"/> for a JSON start, <see cref="MaxEventGridBytes"/> and
/// <see cref="MaxEventGridEvents"/> for an Event Grid batch, <see cref="MaxJsonDepth"/> for any JSON. A declared
/// <c>Content-Length</c> over the bound is refused before a byte is read; a body without one is counted as it is read
/// (<see cref="BoundedReadStream"/>, and the host's own limit where it has one). Nothing is buffered unbounded.
/// </summary>
public static class RequestBodies
{
    /// <summary>A JSON start names a blob and a few options: 64 KB is a hundred times what it needs.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>JSON nested deeper than this is refused (400); a start is 3 levels deep, an Event Grid event 4.</summary>
    public const int MaxJsonDepth = 16;

    /// <summary>Event Grid delivers at most 1 MB per batch (<c>preferredBatchSizeInKilobytes</c> ≤ 1024).</summary>
    public const int MaxEventGridBytes = 1024 * 1024;

    /// <summary>Any other body (the self-host's Kestrel limit: a sign-in form, a body an endpoint does not read).</summary>
    public const int MaxOtherBytes = 1024 * 1024;

    /// <summary>Events per batch: each may start a job; Ferry's subscription sends one at a time (<c>maxEventsPerBatch</c>).</summary>
    public const int MaxEventGridEvents = 100;

    /// <summary>
    /// 413 when the request declares more than <paramref name="limit"/> bytes; otherwise null, with the host's own
    /// body limit (Kestrel's, in the self-host) set to <paramref name="limit"/> for this request.
    /// </summary>
    public static ProblemHttpResult? Refuse(HttpRequest request, long limit, string bound)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return TooLarge(request, bound);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return null;
    }

    /// <summary>The request body, counted: reading past <paramref name="limit"/> throws (see <see cref="IsTooLarge"/>).</summary>
    public static Stream Bounded(HttpRequest request, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BoundedReadStream(request.Body, limit);
    }

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says a body passed its bound: ours or the host's.</summary>
    public static bool IsTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestBodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>413 naming the bound; the connection is closed after it rather than drained of a body nobody reads.</summary>
    public static ProblemHttpResult TooLarge(HttpRequest request, string bound)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Connection = "close";
        return ApiProblems.TooLarge($"The body is over {bound}.");
    }

    /// <summary>
    /// A JSON body of at most <paramref name="limit"/> bytes, read whole and checked: its bytes, or the problem to answer
    /// (413 over the limit, 400 malformed or nested deeper than <see cref="MaxJsonDepth"/>).
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Json, ProblemHttpResult? Problem)> ReadJsonAsync(
        HttpRequest request,
        int limit,
        string bound,
        string shape,
        CancellationToken cancellationToken)
    {
        if (Refuse(request, limit, bound) is { } refused)
        {
            return (default, refused);
        }

        using var buffer = new MemoryStream();
        try
        {
            await Bounded(request, limit).CopyToAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (IsTooLarge(e))
        {
            return (default, TooLarge(request, bound));
        }

        var json = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        return JsonProblem(json.Span) is { } problem
            ? (default, ApiProblems.Of(StatusCodes.Status400BadRequest, "Invalid body", $"{problem} Expected: {shape}"))
            : (json, null);
    }

    /// <summary>Serializer options for bodies read by <see cref="ReadJsonAsync"/>: the web's names, the depth bound.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { MaxDepth = MaxJsonDepth + 1 };

    /// <summary>Why <paramref name="json"/> is not one well-formed JSON value of at most <see cref="MaxJsonDepth"/> levels; null when it is.</summary>
    internal static string? JsonProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is (JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= MaxJsonDepth)
                {
                    return $"The JSON body is nested deeper than {MaxJsonDepth} levels.";
                }
            }

            return reader.BytesConsumed == 0 ? "The body is empty." : null;
        }
        catch (JsonException)
        {
            return "The JSON body is not well-formed.";
        }
    }
}
