using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Ferry.Core.Csv;
using Azure.Storage.Blobs.Models;
using Ferry.Core.Okta;
using Ferry.Core.Operations;
using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Storage;
using Ferry.Orchestration.Undo;

namespace Ferry.Storage.Documents;

/// <summary>
/// Jobs' documents in the state container: <c>jobs/{instanceId}/job.json</c> (the plan, options, start, input,
/// rerun lines) or, for an Auth0 job, <c>jobs/{instanceId}/auth0-job.json</c> (its plan, options, start, input, target), <c>jobs/{instanceId}/groups/{phase}/{first:D6}.json</c> (one per groups batch) and
/// <c>reruns/{instanceId}.json</c> (the lines a rerun-failed job runs again). A job's document and its finished
/// groups never change, so a node keeps the last ones it read.
/// </summary>
public sealed class JobDocumentStore(FerryStorage storage) : IJobDocuments
{
    private const int Cached = 32;

    private readonly ConcurrentDictionary<string, JobDocument> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), GroupResolution> _groups = new();
    private readonly ConcurrentDictionary<string, Auth0JobDocument> _auth0 = new(StringComparer.Ordinal);

    public static string Prefix(string jobId) => $"jobs/{BlobGuard.CheckedJobId(jobId)}/";

    public async Task SaveAsync(string jobId, JobDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = new JobDocumentJson(PlanState.From(document.Plan), new Dictionary<string, string>(document.Options), document.StartedAt, document.Input, document.Lines?.Order().ToList())
        {
            UndoOf = document.UndoOf,
            Skip = document.Skip is { } skip ? [.. skip.Ranges] : null,
        };
        await storage.State.GetCheckedBlobClient(DocumentName(jobId)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(json, StorageJsonContext.Default.JobDocumentJson)),
            overwrite: true,
            cancellationToken);
        _documents.TryRemove(jobId, out _);
    }

    public async Task<JobDocument> LoadAsync(string jobId, CancellationToken cancellationToken) =>
        await TryLoadAsync(jobId, cancellationToken) ?? throw new InvalidOperationException($"Job {jobId} has no document: it was never planned, or it was purged.");

    public async Task<JobDocument?> TryLoadAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_documents.TryGetValue(jobId, out var known))
        {
            return known;
        }

        try
        {
            var content = await storage.State.GetCheckedBlobClient(DocumentName(jobId)).DownloadContentAsync(cancellationToken);
            var json = JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.JobDocumentJson)!;
            var document = new JobDocument(json.Plan.ToPlan(), json.Options, json.StartedAt, json.Input, json.Lines?.ToHashSet()) { UndoOf = json.UndoOf, Skip = json.Skip is { } skip ? new RowRanges(skip) : null };
            Keep(_documents, jobId, document);
            return document;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveAuth0Async(string jobId, Auth0JobDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await storage.State.GetCheckedBlobClient(Auth0DocumentName(jobId)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(document, StorageJsonContext.Default.Auth0JobDocument)),
            overwrite: true,
            cancellationToken);
        _auth0.TryRemove(jobId, out _);
    }

    public async Task<Auth0JobDocument?> TryLoadAuth0Async(string jobId, CancellationToken cancellationToken)
    {
        if (_auth0.TryGetValue(jobId, out var known))
        {
            return known;
        }

        try
        {
            var content = await storage.State.GetCheckedBlobClient(Auth0DocumentName(jobId)).DownloadContentAsync(cancellationToken);
            var document = JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.Auth0JobDocument)!;
            Keep(_auth0, jobId, document);
            return document;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveGroupsAsync(string jobId, string phase, int first, IReadOnlyList<ResolvedGroup> groups, IReadOnlyDictionary<string, BucketCalls> calls, CancellationToken cancellationToken)
    {
        var part = new GroupsPart(first, [.. groups], new Dictionary<string, BucketCalls>(calls));
        await storage.State.GetCheckedBlobClient($"{GroupsPrefix(jobId, phase)}{first:D6}.json").UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(part, StorageJsonContext.Default.GroupsPart)),
            overwrite: true,
            cancellationToken);
    }

    public async Task<GroupResolution> LoadGroupsAsync(string jobId, string phase, CancellationToken cancellationToken)
    {
        if (_groups.TryGetValue((jobId, phase), out var known))
        {
            return known;
        }

        var groups = new List<ResolvedGroup>();
        await foreach (var part in PartsAsync(jobId, phase, cancellationToken))
        {
            groups.AddRange(part.Groups);
        }

        var resolution = new GroupResolution(groups);
        Keep(_groups, (jobId, phase), resolution);
        return resolution;
    }

    public async Task<IReadOnlyDictionary<string, BucketCalls>> LoadGroupCallsAsync(string jobId, string phase, CancellationToken cancellationToken)
    {
        var calls = CallCounts.Empty;
        await foreach (var part in PartsAsync(jobId, phase, cancellationToken))
        {
            calls = calls.Plus(part.Calls);
        }

        return calls;
    }

    public async Task<string> SaveLinesAsync(string jobId, IReadOnlyList<int> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var name = RerunLinesName(jobId);
        await storage.State.GetCheckedBlobClient(name).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes([.. lines], StorageJsonContext.Default.ListInt32)),
            overwrite: true,
            cancellationToken);
        return name;
    }

    public async Task<IReadOnlyList<int>> LoadLinesAsync(string linesBlob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(linesBlob);
        if (!linesBlob.StartsWith(RerunsFolder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A rerun's line list is a blob under {RerunsFolder} of the state container.");
        }

        var content = await storage.State.GetCheckedBlobClient(linesBlob).DownloadContentAsync(cancellationToken);
        return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.ListInt32) ?? [];
    }

    public async Task<string> SaveSkipAsync(string jobId, RowRanges rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var name = RerunSkipName(jobId);
        await storage.State.GetCheckedBlobClient(name).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes([.. rows.Ranges], StorageJsonContext.Default.ListRowRange)),
            overwrite: true,
            cancellationToken);
        return name;
    }

    public async Task<RowRanges> LoadSkipAsync(string skipBlob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skipBlob);
        if (!skipBlob.StartsWith(RerunsFolder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A rerun's rows to skip are a blob under {RerunsFolder} of the state container.");
        }

        var content = await storage.State.GetCheckedBlobClient(skipBlob).DownloadContentAsync(cancellationToken);
        return new RowRanges(JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.ListRowRange) ?? []);
    }

    public async Task<BlobRef> SaveUndoInputAsync(string jobId, Stream csv, CancellationToken cancellationToken)
    {
        var name = Inputs.InputBlobs.UndoInputName(jobId);
        var blob = storage.State.GetCheckedBlobClient(name);
        var uploaded = await blob.UploadAsync(csv, overwrite: true, cancellationToken);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        return new BlobRef(storage.State.Name, name, uploaded.Value.ETag.ToString(), null, properties.Value.ContentLength);
    }

    public async Task SaveUndoGroupsAsync(string jobId, IReadOnlyList<UndoGroup> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        await storage.State.GetCheckedBlobClient(UndoGroupsName(jobId)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes([.. groups], StorageJsonContext.Default.ListUndoGroup)),
            overwrite: true,
            cancellationToken);
    }

    public async Task<IReadOnlyList<UndoGroup>> LoadUndoGroupsAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.State.GetCheckedBlobClient(UndoGroupsName(jobId)).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.ListUndoGroup) ?? [];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        foreach (var prefix in new[] { $"undo/{BlobGuard.CheckedJobId(jobId)}/", Prefix(jobId) })
        {
            await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                // A name Ferry never writes (someone with storage access put it there) is left alone: it cannot be addressed safely.
                if (storage.State.TryGetCheckedBlobClient(item.Name, out var blob) is null)
                {
                    await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
                }
            }
        }

        await storage.State.GetCheckedBlobClient(RerunLinesName(jobId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await storage.State.GetCheckedBlobClient(RerunSkipName(jobId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        _documents.TryRemove(jobId, out _);
        _auth0.TryRemove(jobId, out _);
        foreach (var key in _groups.Keys.Where(k => k.Item1 == jobId))
        {
            _groups.TryRemove(key, out _);
        }
    }

    private const string RerunsFolder = "reruns/";

    private static string RerunLinesName(string jobId) => $"{RerunsFolder}{BlobGuard.CheckedJobId(jobId)}.json";

    private static string RerunSkipName(string jobId) => $"{RerunsFolder}{BlobGuard.CheckedJobId(jobId)}-skip.json";

    private static string UndoGroupsName(string jobId) => $"undo/{BlobGuard.CheckedJobId(jobId)}/groups.json";

    private static string DocumentName(string jobId) => $"{Prefix(jobId)}job.json";

    private static string Auth0DocumentName(string jobId) => $"{Prefix(jobId)}auth0-job.json";

    private static string GroupsPrefix(string jobId, string phase) => $"{Prefix(jobId)}groups/{phase}/";

    private async IAsyncEnumerable<GroupsPart> PartsAsync(string jobId, string phase, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.State.GetBlobsAsync(BlobTraits.None, BlobStates.None, GroupsPrefix(jobId, phase), cancellationToken))
        {
            var content = await storage.State.GetCheckedBlobClient(item.Name).DownloadContentAsync(cancellationToken);
            yield return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, StorageJsonContext.Default.GroupsPart)!;
        }
    }

    private static void Keep<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value)
        where TKey : notnull
    {
        if (cache.Count >= Cached)
        {
            cache.Clear();
        }

        cache[key] = value;
    }
}
