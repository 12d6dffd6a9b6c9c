using System.Diagnostics;
using Ferry.Management.Jobs;
using Ferry.Storage;

namespace Ferry.Server.Api;

/// <summary>
/// <c>GET /api/diagnostics</c>: this node's process figures — storage requests sent, CPU time, memory — for operators
/// and for the durability-cost benchmark, which reads them before and after a job.
/// </summary>
public static class DiagnosticsApi
{
    public static RouteHandlerBuilder MapDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet("/api/diagnostics", async (FerryStorage storage, BudgetReader budgets, TimeProvider time, CancellationToken cancellationToken) =>
            {
                // Read first: the budgets' query is a storage request of its own, counted after.
                var budget = await budgets.ReadAsync(cancellationToken);
                using var process = Process.GetCurrentProcess();
                // One snapshot of the counts, the total taken from it: the engine's pollers keep counting meanwhile.
                var byKind = storage.Requests.ByKind;
                var bytesByKind = storage.Requests.ResponseBytesByKind;
                return TypedResults.Ok(new NodeDiagnostics(
                    byKind.Values.Sum(),
                    process.TotalProcessorTime.TotalSeconds,
                    process.WorkingSet64,
                    process.PeakWorkingSet64,
                    GC.GetTotalMemory(forceFullCollection: false),
                    (time.GetUtcNow() - process.StartTime.ToUniversalTime()).TotalSeconds,
                    budget,
                    byKind,
                    bytesByKind.Values.Sum(),
                    bytesByKind));
            })
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Diagnostics")
            .WithSummary("This node's storage requests, CPU time and memory; every org's rate-limit budgets");
    }
}

/// <param name="StorageRequests">HTTP requests this node sent to Azure Storage since it started — blobs, and the task hub's queues and tables — retries included.</param>
/// <param name="CpuSeconds">CPU time this process used, all threads.</param>
/// <param name="WorkingSetBytes">Resident memory now.</param>
/// <param name="PeakWorkingSetBytes">Highest resident memory since the process started.</param>
/// <param name="GcHeapBytes">Managed heap in use.</param>
/// <param name="UptimeSeconds">Since the process started.</param>
/// <param name="Budgets">Every rate-limit entity's budget (shared by all nodes), operations on it included.</param>
/// <param name="StorageRequestsByKind">This node's storage requests by service, method and kind (e.g. <c>queue GET messages</c>).</param>
/// <param name="StorageResponseBytes">Bytes of the response bodies storage sent this node (a ranged read counts its range).</param>
/// <param name="StorageResponseBytesByKind">The same by kind, e.g. <c>blob GET blob</c> for blob reads.</param>
public sealed record NodeDiagnostics(
    long StorageRequests,
    double CpuSeconds,
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    long GcHeapBytes,
    double UptimeSeconds,
    IReadOnlyList<BudgetStatus> Budgets,
    IReadOnlyDictionary<string, long> StorageRequestsByKind,
    long StorageResponseBytes,
    IReadOnlyDictionary<string, long> StorageResponseBytesByKind);
