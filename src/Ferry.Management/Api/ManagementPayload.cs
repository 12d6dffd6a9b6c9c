using Microsoft.AspNetCore.Http;

namespace Ferry.Management.Api;

/// <summary>Durable Functions' HTTP management payload, returned with 202 when a job starts.</summary>
public sealed record ManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string PurgeHistoryDeleteUri,
    string RerunFailedPostUri,
    string UndoPostUri)
{
    /// <summary>Where the host's key check leaves the key the request presented (so the URIs carry it as <c>code=</c>).</summary>
    public const string PresentedKeyItem = "ferry.key";

    public static ManagementPayload For(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}/api/migrations/{Uri.EscapeDataString(instanceId)}";
        var code = request.HttpContext.Items[PresentedKeyItem] is string key ? $"code={Uri.EscapeDataString(key)}" : null;
        string With(string uri, string? query) =>
            (query, code) switch
            {
                (null, null) => uri,
                (null, _) => $"{uri}?{code}",
                (_, null) => $"{uri}?{query}",
                _ => $"{uri}?{query}&{code}",
            };

        return new ManagementPayload(
            instanceId,
            With(root, null),
            With($"{root}/raiseEvent/{{eventName}}", null),
            With($"{root}/terminate", "reason={text}"),
            With($"{root}/suspend", "reason={text}"),
            With($"{root}/resume", "reason={text}"),
            With(root, null),
            With($"{root}/rerun-failed", null),
            With($"{root}/undo", null));
    }
}
