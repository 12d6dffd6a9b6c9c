using Microsoft.AspNetCore.Http;

namespace Ferry.Management.Api;

/// <summary>
/// Durable Functions' HTTP management payload, returned with 202 when a job starts. Unlike Durable Functions' own, its
/// URIs carry no key (<c>code=</c>), whichever way the request presented one: a URL ends up in proxy, platform and
/// browser logs. A client sends its key as a header on each call.
/// </summary>
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
    public static ManagementPayload For(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}/api/migrations/{Uri.EscapeDataString(instanceId)}";
        return new ManagementPayload(
            instanceId,
            root,
            $"{root}/raiseEvent/{{eventName}}",
            $"{root}/terminate?reason={{text}}",
            $"{root}/suspend?reason={{text}}",
            $"{root}/resume?reason={{text}}",
            root,
            $"{root}/rerun-failed",
            $"{root}/undo");
    }
}
