using System.Text.Json;

namespace Ferry.Sandbox.Okta;

/// <summary>Writes an <see cref="OktaError"/> as Okta's JSON error body.</summary>
public sealed class OktaErrorResult(OktaError error) : IResult
{
    public OktaError Error { get; } = error;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext.Response, Error);
    }

    public static async Task WriteAsync(HttpResponse response, OktaError error)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(error);
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, OktaJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("errorCode", error.ErrorCode);
            json.WriteString("errorSummary", error.ErrorSummary);
            json.WriteString("errorLink", error.ErrorCode);
            json.WriteString("errorId", OktaIds.NewErrorId());
            json.WriteStartArray("errorCauses");
            foreach (var cause in error.Causes)
            {
                json.WriteStartObject();
                json.WriteString("errorSummary", cause);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
