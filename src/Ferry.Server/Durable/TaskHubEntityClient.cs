using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using CoreEntityMetadata = DurableTask.Core.Entities.EntityBackendQueries.EntityMetadata;
using CoreEntityQuery = DurableTask.Core.Entities.EntityBackendQueries.EntityQuery;
using CoreCleanRequest = DurableTask.Core.Entities.EntityBackendQueries.CleanEntityStorageRequest;
using EntityQuery = Microsoft.DurableTask.Client.Entities.EntityQuery;

namespace Ferry.Server.Durable;

/// <summary>
/// The entity half of <see cref="TaskHubClient"/>: reads go through the provider's entity queries (the entity's
/// row in the instances table), signals are request messages sent to the entity's control queue, just as an
/// orchestration's fire-and-forget signal would be.
/// </summary>
internal sealed class TaskHubEntityClient(
    string name, AzureStorageOrchestrationService service, DataConverter dataConverter, TimeProvider time)
    : DurableEntityClient(name)
{
    private readonly AzureStorageOrchestrationService _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly EntityBackendQueries _queries = ((IEntityOrchestrationService)service).EntityBackendQueries
        ?? throw new NotSupportedException("The orchestration service has no entity support.");
    private readonly EntityBackendProperties _properties = ((IEntityOrchestrationService)service).EntityBackendProperties
        ?? throw new NotSupportedException("The orchestration service has no entity support.");
    private readonly DataConverter _dataConverter = dataConverter ?? throw new ArgumentNullException(nameof(dataConverter));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    public override async Task SignalEntityAsync(
        EntityInstanceId id,
        string operationName,
        object? input = null,
        SignalEntityOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        ArgumentNullException.ThrowIfNull(id.Key, nameof(id));
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        cancellation.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();

        // The provider limits how far ahead a message may be scheduled: GetCappedScheduledTime gives the signal's own
        // time (kept in the request) and the capped one (used for delivery).
        var scheduled = options?.SignalTime is { } at
            ? EntityMessageEvent.GetCappedScheduledTime(now.UtcDateTime, _properties.MaximumSignalDelayTime, at.UtcDateTime)
            : null;
        var message = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = id.ToString() },
            Guid.NewGuid(),
            operationName,
            _dataConverter.Serialize(input),
            scheduled,
            Activity.Current is { Id: { } traceId } activity
                ? new DurableTask.Core.Tracing.DistributedTraceContext(traceId, activity.TraceStateString)
                : null,
            requestTime: now,
            createTrace: true);
        await _service.SendTaskOrchestrationMessageAsync(message.AsTaskMessage());
    }

    public override async Task<EntityMetadata?> GetEntityAsync(
        EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        var found = await _queries.GetEntityAsync(id.ToCoreEntityId(), includeState, includeStateless: false, cancellation);
        return found is { } metadata ? ToMetadata(metadata) : null;
    }

    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(
        EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        var found = await _queries.GetEntityAsync(id.ToCoreEntityId(), includeState, includeStateless: false, cancellation);
        return found is { } metadata ? ToMetadata<T>(metadata) : null;
    }

    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) =>
        Query(filter, ToMetadata);

    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) =>
        Query(filter, ToMetadata<T>);

    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(
        CleanEntityStorageRequest? request = null,
        bool continueUntilComplete = true,
        CancellationToken cancellation = default)
    {
        var asked = request ?? CleanEntityStorageRequest.Default;
        var continuation = asked.ContinuationToken;
        int removed = 0, released = 0;
        do
        {
            var result = await _queries.CleanEntityStorageAsync(
                new CoreCleanRequest
                {
                    RemoveEmptyEntities = asked.RemoveEmptyEntities,
                    ReleaseOrphanedLocks = asked.ReleaseOrphanedLocks,
                    ContinuationToken = continuation,
                },
                cancellation);
            removed += result.EmptyEntitiesRemoved;
            released += result.OrphanedLocksReleased;
            continuation = result.ContinuationToken;
        }
        while (continueUntilComplete && continuation is not null);

        return new CleanEntityStorageResult
        {
            EmptyEntitiesRemoved = removed,
            OrphanedLocksReleased = released,
            ContinuationToken = continuation,
        };
    }

    private AsyncPageable<TMetadata> Query<TMetadata>(EntityQuery? filter, Func<CoreEntityMetadata, TMetadata> convert)
        where TMetadata : notnull =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var result = await _queries.QueryEntitiesAsync(
                new CoreEntityQuery
                {
                    InstanceIdStartsWith = filter?.InstanceIdStartsWith,
                    LastModifiedFrom = filter?.LastModifiedFrom?.UtcDateTime,
                    LastModifiedTo = filter?.LastModifiedTo?.UtcDateTime,
                    IncludeState = filter?.IncludeState ?? true,
                    IncludeTransient = filter?.IncludeTransient ?? false,
                    PageSize = pageSize ?? filter?.PageSize,
                    ContinuationToken = continuation ?? filter?.ContinuationToken,
                },
                cancellation);
            return new Page<TMetadata>(result.Results.Select(convert).ToList(), result.ContinuationToken);
        });

    private EntityMetadata ToMetadata(CoreEntityMetadata metadata) =>
        new(metadata.EntityId.ToEntityInstanceId(), metadata.SerializedState is { } state ? new SerializedData(state, _dataConverter) : null)
        {
            LastModifiedTime = metadata.LastModifiedTime,
            BacklogQueueSize = metadata.BacklogQueueSize,
            LockedBy = metadata.LockedBy,
        };

    private EntityMetadata<T> ToMetadata<T>(CoreEntityMetadata metadata) =>
        metadata.SerializedState is { } state
            ? new(metadata.EntityId.ToEntityInstanceId(), _dataConverter.Deserialize<T>(state)!)
            {
                LastModifiedTime = metadata.LastModifiedTime,
                BacklogQueueSize = metadata.BacklogQueueSize,
                LockedBy = metadata.LockedBy,
            }
            : new(metadata.EntityId.ToEntityInstanceId())
            {
                LastModifiedTime = metadata.LastModifiedTime,
                BacklogQueueSize = metadata.BacklogQueueSize,
                LockedBy = metadata.LockedBy,
            };
}
