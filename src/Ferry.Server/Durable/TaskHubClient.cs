using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using DtCore = DurableTask.Core;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Ferry.Server.Durable;

/// <summary>
/// A <see cref="DurableTaskClient"/> that talks to a task hub directly through the Durable Task Framework's Azure
/// Storage provider, in process: no sidecar, no gRPC. Payloads (inputs, outputs, event data, entity inputs) are
/// serialized with the given <see cref="DataConverter"/>, which must be the one the workers use, so that what this
/// client stores is what the orchestrations read.
/// </summary>
/// <remarks>
/// The service is owned by the host (it is shared with the worker); this client neither starts nor disposes it.
/// Waiting is polling on the injected <see cref="TimeProvider"/>, every <see cref="PollingInterval"/>.
/// </remarks>
public sealed class TaskHubClient(
    string name, AzureStorageOrchestrationService service, DataConverter dataConverter, TimeProvider time)
    : DurableTaskClient(name)
{
    /// <summary>How often <see cref="WaitForInstanceStartAsync(string, bool, CancellationToken)"/> and
    /// <see cref="WaitForInstanceCompletionAsync(string, bool, CancellationToken)"/> read the instance's status.</summary>
    public static readonly TimeSpan PollingInterval = TimeSpan.FromMilliseconds(500);

    private readonly AzureStorageOrchestrationService _service = service ?? throw new ArgumentNullException(nameof(service));
    private readonly DataConverter _dataConverter = dataConverter ?? throw new ArgumentNullException(nameof(dataConverter));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly TaskHubEntityClient _entities = new(name, service, dataConverter, time);

    /// <summary>
    /// Entities of this task hub: read with the provider's entity queries, signalled with request messages sent
    /// through the provider (tested with <c>UseSeparateQueueForEntityWorkItems</c> on).
    /// </summary>
    public override DurableEntityClient Entities => _entities;

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// With <see cref="StartOrchestrationOptions.DedupeStatuses"/>, scheduling an instance id that already exists in one
    /// of those statuses throws <see cref="OrchestrationAlreadyExistsException"/> and leaves that instance alone. The
    /// provider makes this check itself but, unless its <c>ThrowExceptionOnInvalidDedupeStatus</c> setting is on (it
    /// is off by default), silently drops the request instead of throwing; so this client reads the instance first and
    /// throws itself, and the provider's own check covers the instant between the two reads.
    /// </para>
    /// <para>
    /// Without dedupe statuses an existing instance of the id is replaced, even a running one: the provider writes a
    /// new execution over the instance's status row and queues its start, and the worker then runs the new execution
    /// with a fresh history; the old execution is not terminated first, and its history is no longer returned.
    /// </para>
    /// </remarks>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with this id exists in one of the dedupe
    /// statuses.</exception>
    /// <exception cref="ArgumentException">A dedupe status is not an <see cref="OrchestrationRuntimeStatus"/> name.
    /// </exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name, nameof(orchestratorName));
        var dedupeStatuses = CoreConversions.ToCoreDedupeStatuses(options?.DedupeStatuses);
        cancellation.ThrowIfCancellationRequested();

        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };

        if (dedupeStatuses is not null)
        {
            var existing = await ReadStateAsync(instance.InstanceId, fetchInput: false);
            if (existing is not null && dedupeStatuses.Contains(existing.OrchestrationStatus))
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration with instance id '{instance.InstanceId}' already exists with status {existing.OrchestrationStatus}.");
            }
        }

        var started = new ExecutionStartedEvent(-1, _dataConverter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            ParentTraceContext = CurrentTraceContext(),
            Tags = options?.Tags?.ToDictionary(tag => tag.Key, tag => tag.Value) ?? [],
        };

        cancellation.ThrowIfCancellationRequested();
        await _service.CreateTaskOrchestrationAsync(
            new TaskMessage { OrchestrationInstance = instance, Event = started },
            dedupeStatuses);
        return instance.InstanceId;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(
            instanceId, new EventRaisedEvent(-1, _dataConverter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    /// <remarks>
    /// The Durable Task Framework ends the instance without running any of its code: no finally block, no cleanup
    /// activity. The serialized <see cref="TerminateInstanceOptions.Output"/> becomes the instance's output.
    /// Sub-orchestrations are not terminated (<see cref="TerminateInstanceOptions.Recursive"/> is not supported).
    /// </remarks>
    public override Task TerminateInstanceAsync(
        string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive termination is not supported by this client: terminate each sub-orchestration by its id.");
        }

        cancellation.ThrowIfCancellationRequested();
        return _service.ForceTerminateTaskOrchestrationAsync(instanceId, _dataConverter.Serialize(options?.Output));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Without <paramref name="getInputsAndOutputs"/> the input and output are left out and the metadata has no
    /// <see cref="OrchestrationMetadata.DataConverter"/> (so its <c>Read…As</c> methods throw, as the contract says);
    /// the serialized custom status is always there.
    /// </remarks>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var state = await ReadStateAsync(instanceId, getInputsAndOutputs);
        return state is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    /// <inheritdoc />
    /// <remarks>Entities are not listed (use <see cref="DurableEntityClient.GetAllEntitiesAsync(EntityQuery?)"/>).
    /// </remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var queries = (IOrchestrationServiceQueryClient)_service;
        var withData = filter?.FetchInputsAndOutputs ?? false;
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = new DtCore.Query.OrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(status => status.ToCoreStatus()).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = withData,
                ExcludeEntities = true,
            };
            var result = await queries.GetOrchestrationWithQueryAsync(query, cancellation);
            var page = result.OrchestrationState.Select(state => ToMetadata(state, withData)).ToList();
            return new Page<OrchestrationMetadata>(page, result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// Waits while the instance is Pending, reading its status every <see cref="PollingInterval"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No instance has this id.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollUntilAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    /// <remarks>
    /// Waits until the instance is Completed, Failed or Terminated, reading its status every
    /// <see cref="PollingInterval"/>. A suspended instance keeps it waiting.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No instance has this id.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollUntilAsync(instanceId, getInputsAndOutputs, IsTerminal, cancellation);

    /// <inheritdoc />
    /// <remarks>
    /// Only an instance that is Completed, Failed or Terminated is purged (an entity, whose id starts with '@', is
    /// purged in any state). An unknown id purges nothing. Sub-orchestrations are not purged
    /// (<see cref="PurgeInstanceOptions.Recursive"/> is not supported).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The instance is not in a terminal state.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ThrowIfRecursive(options);
        cancellation.ThrowIfCancellationRequested();

        var state = await ReadStateAsync(instanceId, fetchInput: false);
        if (state is null)
        {
            return new PurgeResult(0);
        }

        var isEntity = instanceId[0] == '@';
        if (!isEntity && !IsTerminal(state.OrchestrationStatus.ToRuntimeStatus()))
        {
            throw new InvalidOperationException(
                $"Only an instance that is Completed, Failed or Terminated can be purged; '{instanceId}' is {state.OrchestrationStatus}.");
        }

        cancellation.ThrowIfCancellationRequested();
        var result = await ((IOrchestrationServicePurgeClient)_service).PurgeInstanceStateAsync(instanceId);
        return result.ToPurgeResult();
    }

    /// <inheritdoc />
    /// <remarks>
    /// The provider purges whatever matches the filter, in any status unless <see cref="PurgeInstancesFilter.Statuses"/>
    /// says otherwise. Sub-orchestrations are not followed (<see cref="PurgeInstanceOptions.Recursive"/> is not
    /// supported).
    /// </remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ThrowIfRecursive(options);
        cancellation.ThrowIfCancellationRequested();

        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(status => status.ToCoreStatus()).ToList())
        {
            Timeout = filter.Timeout,
        };
        var result = await ((IOrchestrationServicePurgeClient)_service).PurgeInstanceStateAsync(coreFilter);
        return result.ToPurgeResult();
    }

    /// <inheritdoc />
    /// <remarks>The history of the instance's current execution (after a ContinueAsNew, only the newest one).
    /// </remarks>
    /// <exception cref="ArgumentException">No instance has this id, or it is an entity.</exception>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(
        string instanceId, CancellationToken cancellation = default)
    {
        var json = await ReadHistoryJsonAsync(instanceId, cancellation);
        return HistoryJson.Parse(json);
    }

    /// <summary>
    /// The number of history events of the instance's current execution (after a ContinueAsNew, only the newest
    /// one), as stored: every OrchestratorStarted / OrchestratorCompleted pair of each replay counts, with the
    /// scheduled and completed events of its activities, timers, sub-orchestrations and external events.
    /// </summary>
    /// <exception cref="ArgumentException">No instance has this id, or it is an entity.</exception>
    public async Task<int> CountHistoryEventsAsync(string instanceId, CancellationToken cancellation = default)
    {
        var json = await ReadHistoryJsonAsync(instanceId, cancellation);
        return HistoryJson.Count(json);
    }

    /// <summary>Nothing to release: the service belongs to the host.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private static void ThrowIfRecursive(PurgeInstanceOptions? options)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive purge is not supported by this client: purge each sub-orchestration by its id.");
        }
    }

    private static DtCore.Tracing.DistributedTraceContext? CurrentTraceContext() =>
        Activity.Current is { Id: { } id } activity ? new DtCore.Tracing.DistributedTraceContext(id, activity.TraceStateString) : null;

    private async Task<DtCore.OrchestrationState?> ReadStateAsync(string instanceId, bool fetchInput)
    {
        // This overload returns an empty list for an unknown id (the two-argument one returns a list holding null).
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput);
        return states.FirstOrDefault(state => state is not null);
    }

    private async Task<string> ReadHistoryJsonAsync(string instanceId, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId[0] == '@')
        {
            throw new ArgumentException($"'{instanceId}' is an entity, which has no orchestration history.", nameof(instanceId));
        }

        // Asking for the execution the status row names keeps the history to one execution. The provider answers
        // with no events for an execution id that is no longer the current one, so a ContinueAsNew between the two
        // reads is met by reading again.
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var state = await ReadStateAsync(instanceId, fetchInput: false)
                ?? throw new ArgumentException($"No orchestration instance has the id '{instanceId}'.", nameof(instanceId));
            var executionId = state.OrchestrationInstance.ExecutionId;
            var json = await _service.GetOrchestrationHistoryAsync(instanceId, executionId);
            if (json != "[]" || (await ReadStateAsync(instanceId, fetchInput: false))?.OrchestrationInstance.ExecutionId == executionId)
            {
                return json;
            }
        }
    }

    private async Task<OrchestrationMetadata> PollUntilAsync(
        string instanceId,
        bool getInputsAndOutputs,
        Func<OrchestrationRuntimeStatus, bool> done,
        CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance has the id '{instanceId}'.");
            if (done(metadata.RuntimeStatus))
            {
                return metadata;
            }

            await Task.Delay(PollingInterval, _time, cancellation);
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = message,
        });
    }

    private OrchestrationMetadata ToMetadata(DtCore.OrchestrationState state, bool withData) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = state.OrchestrationStatus.ToRuntimeStatus(),
            CreatedAt = state.CreatedTime.AsUtc(),
            LastUpdatedAt = state.LastUpdatedTime.AsUtc(),
            SerializedInput = withData ? state.Input : null,
            SerializedOutput = withData ? state.Output : null,
            SerializedCustomStatus = state.Status,
            Tags = state.Tags is { } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
            FailureDetails = CoreConversions.ToTaskFailureDetails(state),
            DataConverter = withData ? _dataConverter : null,
        };
}
