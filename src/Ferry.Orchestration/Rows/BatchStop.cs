using Ferry.Core.RateLimiting;
using Ferry.Orchestration.Storage;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// Watches a job's stop (<see cref="IJobStops"/>) while one of its batches runs: at once, then every
/// <see cref="Interval"/>, and this process's shutdown (<see cref="NodeStopping"/>). When either comes the batch's budget
/// is stopped: no request waits for its slot any longer and none more is sent; the rows not sent are answered "not
/// sent" and run again in the batch's next pass (or are reported not attempted when the job ends). A look that fails is
/// skipped: the next one tries again.
/// </summary>
internal sealed class BatchStop : IAsyncDisposable
{
    /// <summary>How often a running batch looks at its job's stop: a stop takes effect within about this long.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    private readonly IJobStops _stops;
    private readonly string _jobId;
    private readonly LeaseBatchBudget _budget;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _shutdown;
    private int _looking;

    private BatchStop(IJobStops stops, string jobId, LeaseBatchBudget budget, NodeStopping node, TimeProvider time)
    {
        (_stops, _jobId, _budget, _time) = (stops, jobId, budget, time);
        _shutdown = node.Token.Register(budget.Stop);
        _timer = time.CreateTimer(_ => _ = LookAsync(), null, Interval, Interval);
    }

    /// <summary>Looks once (a batch of a job stopped before it began sends nothing), then keeps looking.</summary>
    public static async Task<BatchStop> StartAsync(IJobStops stops, string jobId, LeaseBatchBudget budget, NodeStopping node, TimeProvider time)
    {
        var watch = new BatchStop(stops, jobId, budget, node, time);
        await watch.LookAsync();
        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.DisposeAsync();
        await _timer.DisposeAsync();
    }

    private async Task LookAsync()
    {
        if (_budget.Stopped || Interlocked.Exchange(ref _looking, 1) == 1)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout, _time);
            if (await _stops.IsSetAsync(_jobId, timeout.Token))
            {
                _budget.Stop();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage did not answer in time: the next look tries again.
        }
        finally
        {
            Volatile.Write(ref _looking, 0);
        }
    }
}
