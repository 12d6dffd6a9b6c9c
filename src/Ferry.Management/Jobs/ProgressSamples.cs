using System.Collections.Concurrent;

namespace Ferry.Management.Jobs;

/// <summary>
/// Rows done as this node's status reads saw them, per job, for the last <see cref="Window"/>: the rate and ETA come
/// from the rows done over that window, not from the whole phase (which swings while it is young and lags when the
/// pace changes). A node that has not watched a job long enough falls back to the phase's average. In memory only.
/// </summary>
public sealed class ProgressSamples(TimeProvider time)
{
    /// <summary>The sliding window the rate is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The least span of samples a windowed rate is taken from.</summary>
    public static readonly TimeSpan MinimumSpan = TimeSpan.FromSeconds(10);

    private const int MaxJobs = 256;

    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, int Rows)>> _jobs = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="rows"/> done now; returns the rows per minute over the window, or null when too little was seen.</summary>
    public double? Observe(string jobId, string phase, int rows)
    {
        var now = time.GetUtcNow();
        var samples = _jobs.GetOrAdd($"{jobId}|{phase}", _ => new Queue<(DateTimeOffset, int)>());
        lock (samples)
        {
            if (samples.Count > 0 && samples.Last().Rows > rows)
            {
                samples.Clear(); // a new pass over the rows (a restarted phase): start again
            }

            if (samples.Count == 0 || now - samples.Last().At >= TimeSpan.FromSeconds(1))
            {
                samples.Enqueue((now, rows));
            }

            while (samples.Count > 2 && now - samples.Peek().At > Window)
            {
                samples.Dequeue();
            }

            var (at, then) = samples.Peek();
            var span = now - at;
            Trim();
            return span >= MinimumSpan ? Math.Round((rows - then) / span.TotalMinutes, 1) : null;
        }
    }

    /// <summary>Forgets a finished job.</summary>
    public void Forget(string jobId)
    {
        foreach (var key in _jobs.Keys.Where(k => k.StartsWith(jobId + "|", StringComparison.Ordinal)))
        {
            _jobs.TryRemove(key, out _);
        }
    }

    private void Trim()
    {
        if (_jobs.Count > MaxJobs)
        {
            foreach (var key in _jobs.Keys.Take(_jobs.Count - MaxJobs))
            {
                _jobs.TryRemove(key, out _);
            }
        }
    }
}
