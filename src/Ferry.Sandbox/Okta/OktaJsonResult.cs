using System.Buffers;
using System.Text.Json;

namespace Ferry.Sandbox.Okta;

/// <summary>A JSON response written straight from the sandbox's snapshots with <see cref="Utf8JsonWriter"/>.</summary>
public sealed class OktaJsonResult(int statusCode, Action<Utf8JsonWriter> write) : IResult
{
    public static OktaJsonResult Ok(Action<Utf8JsonWriter> write) => new(StatusCodes.Status200OK, write);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, OktaJson.WriterOptions))
        {
            write(json);
        }

        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}
