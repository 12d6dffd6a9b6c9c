using System.Collections.Concurrent;
using Ferry.Core.Reports;

namespace Ferry.Orchestration.Reports;

/// <summary>
/// Outcome batches rendered for reports, kept per job by blob name and version while the job's interim reports are
/// rewritten, so each rewrite renders only the batches stored since the last (for jobs up to
/// <c>Ferry:Jobs:InterimResultsMaxRows</c>). A job's entries go when its final report is written, or when its reports
/// have not been written here for an hour (another node took over).
/// </summary>
public sealed class RenderedBatches(TimeProvider time)
{
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    public ReportBatch? Get(string jobId, string name, string etag)
    {
        var job = Touch(jobId);
        lock (job)
        {
            return job.Batches.TryGetValue(name, out var known) && known.ETag == etag ? known.Batch : null;
        }
    }

    public void Keep(string jobId, string name, string etag, ReportBatch batch)
    {
        var job = Touch(jobId);
        lock (job)
        {
            job.Batches[name] = (etag, batch);
        }
    }

    public void Forget(string jobId) => _jobs.TryRemove(jobId, out _);

    private Job Touch(string jobId)
    {
        var now = time.GetUtcNow();
        foreach (var (id, idle) in _jobs)
        {
            if (now - idle.LastUsed > Idle)
            {
                _jobs.TryRemove(id, out _);
            }
        }

        var job = _jobs.GetOrAdd(jobId, static _ => new Job());
        job.LastUsed = now;
        return job;
    }

    private sealed class Job
    {
        public Dictionary<string, (string ETag, ReportBatch Batch)> Batches { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastUsed { get; set; }
    }
}
