using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Orleans.Storage;

namespace Ferry.Server.Storage;

/// <summary>
/// Grain state in Blob Storage (Orleans' Azure provider is not in our registry copy): one JSON blob per grain at
/// <c>{stateName}/{grainType}/{key}.json</c> in the state container, written with ETag optimistic concurrency —
/// <c>If-None-Match: *</c> for a first write, <c>If-Match</c> after — so two activations can never both win.
/// </summary>
public sealed partial class BlobGrainStorage(FerryBlobStorage storage, ILogger<BlobGrainStorage> logger) : IGrainStorage
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blob = storage.State.GetBlobClient(BlobName(stateName, grainId));
        try
        {
            var content = await blob.DownloadContentAsync();
            grainState.State = content.Value.Content.ToObjectFromJson<T>(Json) ?? Activator.CreateInstance<T>();
            grainState.ETag = content.Value.Details.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blob = storage.State.GetBlobClient(BlobName(stateName, grainId));
        var conditions = grainState.ETag is null
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(grainState.ETag) };
        var options = new BlobUploadOptions
        {
            Conditions = conditions,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = grainState.State is IIndexedState indexed ? indexed.IndexMetadata() : null,
        };
        try
        {
            var written = await blob.UploadAsync(BinaryData.FromObjectAsJson(grainState.State, Json), options);
            grainState.ETag = written.Value.ETag.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            LogConflict(logger, blob.Name, grainState.ETag);
            throw new InconsistentStateException($"State {blob.Name} was written by someone else", "unknown", grainState.ETag ?? "none", e);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var blob = storage.State.GetBlobClient(BlobName(stateName, grainId));
        try
        {
            var conditions = grainState.ETag is null ? null : new BlobRequestConditions { IfMatch = new ETag(grainState.ETag) };
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new InconsistentStateException($"State {blob.Name} was written by someone else", "unknown", grainState.ETag ?? "none", e);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public static string BlobName(string stateName, GrainId grainId) => $"{stateName}/{grainId.Type}/{grainId.Key}.json";

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Grain state {Blob} changed under us (held ETag {ETag}); another activation wrote it")]
    private static partial void LogConflict(ILogger logger, string blob, string? etag);
}
