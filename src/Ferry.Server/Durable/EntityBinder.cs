using System.Collections.Concurrent;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker.Shims;

namespace Ferry.Server.Durable;

/// <summary>
/// Runs a batch of operations on a Microsoft.DurableTask entity. DurableTask.Core creates the entity object without
/// its id, so the id is bound per batch from the request. With extended sessions DurableTask.Core sends the entity's
/// state only with a session's first batch and expects the executor to keep it: this node keeps each entity's last
/// state (a session lives on one node; a new session sends the state again).
/// </summary>
internal sealed class EntityBinder(DurableTaskShimFactory shims, string name, Func<ITaskEntity> create, ConcurrentDictionary<string, string?> states) : DurableTask.Core.Entities.TaskEntity
{
    public override async Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var id = operations.InstanceId!;
        if (operations.EntityState is null && states.TryGetValue(id, out var kept))
        {
            operations.EntityState = kept;
        }

        var result = await shims.CreateEntity(name, create(), EntityId.FromString(id)).ExecuteOperationBatchAsync(operations);
        states[id] = result.EntityState;
        return result;
    }
}
