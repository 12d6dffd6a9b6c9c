using Ferry.Sandbox.Okta;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// Bulk user import: <c>POST /api/v2/jobs/users-imports</c> (multipart), <c>GET /api/v2/jobs/{id}</c> and
/// <c>GET /api/v2/jobs/{id}/errors</c>, with Auth0's limits (file size, concurrent jobs) and error shapes.
/// </summary>
public static class Auth0JobsApi
{
    public static RouteGroupBuilder MapAuth0Jobs(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var jobs = endpoints.MapGroup("/api/v2/jobs");
        jobs.MapPost("/users-imports", CreateImportAsync).DisableAntiforgery();
        jobs.MapGet("/{id}", Get);
        jobs.MapGet("/{id}/errors", Errors);
        return jobs;
    }

    private static async Task<IResult> CreateImportAsync(HttpRequest request, Auth0Tenant tenant, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var auth0 = options.Value.Auth0;
        if (!request.HasFormContentType)
        {
            return Auth0Error.InvalidBody("Missing required property: users");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var file = form.Files.GetFile("users");
        if (file is not null && file.Length > auth0.MaxFileBytes)
        {
            return Auth0Error.FileTooLarge(auth0.MaxFileBytes);
        }

        if (file is null)
        {
            return Auth0Error.InvalidBody("Missing required property: users");
        }

        var connectionId = form["connection_id"].ToString();
        if (connectionId.Length == 0)
        {
            return Auth0Error.InvalidBody("Missing required property: connection_id");
        }

        if (!TryBool(form["upsert"].ToString(), false, out var upsert))
        {
            return Auth0Error.InvalidBody("Expected type boolean but found type string on property upsert");
        }

        if (!TryBool(form["send_completion_email"].ToString(), true, out var sendCompletionEmail))
        {
            return Auth0Error.InvalidBody("Expected type boolean but found type string on property send_completion_email");
        }

        if (tenant.Connection(connectionId) is not { } connection)
        {
            return Auth0Error.ImportConnectionNotFound;
        }

        var externalId = form["external_id"].ToString();
        byte[] content;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            content = buffer.ToArray();
        }

        var (job, error) = tenant.CreateJob(connection, content, upsert, externalId.Length == 0 ? null : externalId, sendCompletionEmail);
        if (error is not null)
        {
            return error;
        }

        if (auth0.Faults.ImportAnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(auth0.Faults.ImportAnswerDelay, time, request.HttpContext.RequestAborted);
        }

        var baseUrl = OktaRequest.BaseUrl(request);
        return new OktaJsonResult(StatusCodes.Status201Created, json => Auth0Json.WriteJob(json, job!, baseUrl));
    }

    private static IResult Get(string id, HttpRequest request, Auth0Tenant tenant)
    {
        var baseUrl = OktaRequest.BaseUrl(request);
        return tenant.Job(id) is { } job
            ? OktaJsonResult.Ok(json => Auth0Json.WriteJob(json, job, baseUrl))
            : Auth0Error.JobNotFound;
    }

    /// <summary>The rejected users so far; 204 without a body when there are none, as Auth0 answers.</summary>
    private static IResult Errors(string id, Auth0Tenant tenant)
    {
        if (tenant.JobErrors(id) is not { } failures)
        {
            return Auth0Error.JobNotFound;
        }

        if (failures.Count == 0)
        {
            return Results.NoContent();
        }

        return OktaJsonResult.Ok(json =>
        {
            json.WriteStartArray();
            foreach (var failure in failures)
            {
                Auth0Json.WriteFailure(json, failure);
            }

            json.WriteEndArray();
        });
    }

    private static bool TryBool(string value, bool fallback, out bool result)
    {
        if (value.Length == 0)
        {
            result = fallback;
            return true;
        }

        return bool.TryParse(value, out result);
    }
}
