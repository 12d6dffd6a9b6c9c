using Ferry.Core.Outcomes;
using Ferry.Orchestration.Storage;

namespace Ferry.Orchestration.Rows;

/// <summary>
/// Keeps a first pass's rows as they end (a row that failed in a way worth another try is not done yet) and writes their
/// outcomes and counts every <see cref="LiveBatch.Interval"/> while the pass runs (one write at a time; a failed write is
/// skipped: the checkpoint spares a restarted batch re-sending what it holds, the outcome blob is the record).
/// </summary>
internal sealed class LiveBatchCounter : IAsyncDisposable
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    private readonly ILiveProgress _live;
    private readonly BatchWork _work;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ITimer _timer;
    private int _rows;
    private int _succeeded;
    private int _failed;
    private int _invalid;
    private readonly List<RowOutcome> _done = [];
    private int _written = -1;
    private Task _writing = Task.CompletedTask;

    public LiveBatchCounter(ILiveProgress live, BatchWork work, TimeProvider time)
    {
        (_live, _work, _time) = (live, work, time);
        _started = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Flush(), null, LiveBatch.Interval, LiveBatch.Interval);
    }

    public void Add(RowOutcome outcome)
    {
        if (outcome.Retryable)
        {
            return; // not done: the batch's retry rounds run it again, and its lane counts it when the batch ends
        }

        lock (_done)
        {
            _done.Add(outcome);
        }

        Interlocked.Increment(ref _rows);
        if (outcome.Action == RowAction.Invalid)
        {
            Interlocked.Increment(ref _invalid);
        }
        else if (outcome.NeedsAttention)
        {
            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _succeeded);
        }
    }

    /// <summary>
    /// Stops the timer, then writes the final counts if the pass ran long enough to have shown any, or leaves rows to
    /// retry (its lane keeps it in flight through the retry rounds).
    /// </summary>
    public async Task FinishAsync(bool retrying)
    {
        await _timer.DisposeAsync();
        if (_writing.IsCompleted && (retrying || _time.GetElapsedTime(_started) >= LiveBatch.Interval))
        {
            await WriteAsync(Volatile.Read(ref _rows));
        }
    }

    /// <summary>Stops the timer; a write under way is left to finish (or time out) on its own: it never holds the batch.</summary>
    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void Flush()
    {
        var rows = Volatile.Read(ref _rows);
        lock (_timer)
        {
            if (!_writing.IsCompleted || rows == _written)
            {
                return;
            }

            _writing = WriteAsync(rows);
        }
    }

    private async Task WriteAsync(int rows)
    {
        try
        {
            // A view only: a write that storage does not take in a few seconds is given up, never retried at length.
            using var timeout = new CancellationTokenSource(WriteTimeout, _time);
            RowOutcome[] done;
            lock (_done)
            {
                done = [.. _done];
            }

            await _live.WriteAsync(_work.JobId, _work.Phase, _work.Slice, _work.Batch, new LiveBatch(rows, Volatile.Read(ref _succeeded), Volatile.Read(ref _failed), Volatile.Read(ref _invalid)), done, timeout.Token);
            _written = rows;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A view only: the next tick tries again, and the batch's result is recorded either way.
        }
    }
}
