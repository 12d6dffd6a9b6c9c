using System.Text.Json;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// An Auth0 Management API error, written as Auth0 does: <c>{statusCode, error, message, errorCode}</c>
/// (<c>errorCode</c> left out where Auth0 leaves it out).
/// </summary>
public sealed record Auth0Error(int StatusCode, string Error, string Message, string? ErrorCode) : IResult
{
    public static Auth0Error InvalidToken { get; } = new(401, "Unauthorized", "Invalid token", "invalid_token");

    public static Auth0Error TooManyRequests { get; } = new(429, "Too Many Requests", "Global limit has been reached", "too_many_requests");

    public static Auth0Error ServerError { get; } = new(500, "Internal Server Error", "An internal server error occurred", null);

    public static Auth0Error ConnectionNotFound { get; } = new(404, "Not Found", "The connection does not exist", "inexistent_connection");

    public static Auth0Error ImportConnectionNotFound { get; } = new(400, "Bad Request", "connection not found", "inexistent_connection");

    public static Auth0Error JobNotFound { get; } = new(404, "Not Found", "The job does not exist", "inexistent_job");

    public static Auth0Error UserNotFound { get; } = new(404, "Not Found", "The user does not exist.", "inexistent_user");

    public static Auth0Error EndpointNotFound { get; } = new(404, "Not Found", "Not Found", null);

    public static Auth0Error MethodNotAllowed { get; } = new(405, "Method Not Allowed", "Method Not Allowed", null);

    public static Auth0Error InvalidBody(string detail) => new(400, "Bad Request", $"Payload validation error: '{detail}'.", "invalid_body");

    public static Auth0Error InvalidQuery(string detail) => new(400, "Bad Request", $"Query validation error: '{detail}'.", "invalid_query_string");

    public static Auth0Error FileTooLarge(int maxBytes) => new(413, "Request Entity Too Large", $"Payload content length greater than maximum allowed: {maxBytes}", null);

    public static Auth0Error TooManyImportJobs(int maxJobs) =>
        new(429, "Too Many Requests", $"There are {maxJobs} active import users jobs, please wait until some of them are finished and try again", "too_many_requests");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext.Response);
    }

    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, OktaJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", StatusCode);
            json.WriteString("error", Error);
            json.WriteString("message", Message);
            if (ErrorCode is not null)
            {
                json.WriteString("errorCode", ErrorCode);
            }

            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
