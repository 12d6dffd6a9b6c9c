using System.Globalization;
using Azure.Storage.Blobs.Models;
using Ferry.Server.Storage;

namespace Ferry.Server.Jobs;

/// <summary>
/// Lists jobs from their state blobs' metadata (written with every state write), without reading the states:
/// the management API's list endpoint and the resume service use it.
/// </summary>
public sealed class JobCatalog(FerryBlobStorage storage)
{
    public const string StatePrefix = "job/";

    /// <summary>One page of jobs matching the filters, and the token for the next page.</summary>
    public async Task<(List<JobEntry> Jobs, string? ContinuationToken)> ListAsync(
        IReadOnlyCollection<string>? statuses,
        DateTimeOffset? createdFrom,
        DateTimeOffset? createdTo,
        int top,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var jobs = new List<JobEntry>();
        var pages = storage.State.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, StatePrefix, cancellationToken).AsPages(continuationToken, top);
        await foreach (var page in pages)
        {
            foreach (var item in page.Values)
            {
                if (Entry(item) is { } entry
                    && (statuses is null || statuses.Count == 0 || statuses.Contains(entry.RuntimeStatus, StringComparer.OrdinalIgnoreCase))
                    && (createdFrom is null || entry.CreatedTime >= createdFrom)
                    && (createdTo is null || entry.CreatedTime <= createdTo))
                {
                    jobs.Add(entry);
                }
            }

            return (jobs, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return (jobs, null);
    }

    /// <summary>Every job not yet finished (Pending or Running).</summary>
    public async IAsyncEnumerable<string> UnfinishedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, StatePrefix, cancellationToken))
        {
            if (Entry(item) is { RuntimeStatus: JobRuntimeStatus.Pending or JobRuntimeStatus.Running } entry)
            {
                yield return entry.InstanceId;
            }
        }
    }

    private static JobEntry? Entry(BlobItem item)
    {
        var metadata = new Dictionary<string, string>(item.Metadata, StringComparer.OrdinalIgnoreCase);
        if (!metadata.TryGetValue("instanceid", out var id) || string.IsNullOrEmpty(id) || !metadata.TryGetValue("runtimestatus", out var status))
        {
            return null;
        }

        var created = metadata.TryGetValue("createdtime", out var c) && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ct) ? ct : DateTimeOffset.MinValue;
        return new JobEntry(id, status, created, Uri.UnescapeDataString(metadata.GetValueOrDefault("name") ?? ""));
    }
}
