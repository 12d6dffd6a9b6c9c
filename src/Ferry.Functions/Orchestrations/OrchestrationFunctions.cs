using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Budget;
using Ferry.Orchestration.Groups;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Undo;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Functions.Orchestrations;

/// <summary>
/// The Durable extension's triggers, one per orchestrator, activity and entity of <c>FerryTasks</c>, each handing its
/// work to the class the self-host runs — what Microsoft.DurableTask.Generators would write (it is not served here).
/// Function names are the names the classes schedule each other by. No logic of their own.
/// </summary>
public static class OrchestrationFunctions
{
    [Function(MigrationOrchestrator.Name)]
    public static Task<JobOutput> Migration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrate<MigrationOrchestrator, JobInput, JobOutput>(context);

    [Function(GroupsOrchestrator.Name)]
    public static Task<GroupsResult> ResolveGroupsPhase([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrate<GroupsOrchestrator, GroupsState, GroupsResult>(context);

    [Function(RowsLaneOrchestrator.Name)]
    public static Task<LaneResult> RowsLane([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrate<RowsLaneOrchestrator, LaneState, LaneResult>(context);

    [Function(Auth0ChunkOrchestrator.Name)]
    public static Task<LaneResult> Auth0Chunk([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrate<Auth0ChunkOrchestrator, ChunkState, LaneResult>(context);

    [Function(PlanJobActivity.Name)]
    public static Task<PlanResult> PlanJob([ActivityTrigger] PlanRequest request, string instanceId, FunctionContext function) =>
        Run<PlanJobActivity, PlanRequest, PlanResult>(PlanJobActivity.Name, request, instanceId, function);

    [Function(ResolveGroupsActivity.Name)]
    public static Task<GroupsBatchResult> ResolveGroups([ActivityTrigger] GroupsWork work, string instanceId, FunctionContext function) =>
        Run<ResolveGroupsActivity, GroupsWork, GroupsBatchResult>(ResolveGroupsActivity.Name, work, instanceId, function);

    [Function(RunBatchActivity.Name)]
    public static Task<BatchResult> RunBatch([ActivityTrigger] BatchWork work, string instanceId, FunctionContext function) =>
        Run<RunBatchActivity, BatchWork, BatchResult>(RunBatchActivity.Name, work, instanceId, function);

    [Function(WriteReportsActivity.Name)]
    public static Task<ReportResult> WriteReports([ActivityTrigger] ReportRequest request, string instanceId, FunctionContext function) =>
        Run<WriteReportsActivity, ReportRequest, ReportResult>(WriteReportsActivity.Name, request, instanceId, function);

    [Function(FinishInputActivity.Name)]
    public static Task<bool> FinishInput([ActivityTrigger] FinishInput input, string instanceId, FunctionContext function) =>
        Run<FinishInputActivity, FinishInput, bool>(FinishInputActivity.Name, input, instanceId, function);

    [Function(PostChunkActivity.Name)]
    public static Task<PostChunkResult> PostAuth0Chunk([ActivityTrigger] PostChunk work, string instanceId, FunctionContext function) =>
        Run<PostChunkActivity, PostChunk, PostChunkResult>(PostChunkActivity.Name, work, instanceId, function);

    [Function(PollImportActivity.Name)]
    public static Task<PollImportResult> PollAuth0Import([ActivityTrigger] PollImport work, string instanceId, FunctionContext function) =>
        Run<PollImportActivity, PollImport, PollImportResult>(PollImportActivity.Name, work, instanceId, function);

    [Function(FinishChunkActivity.Name)]
    public static Task<LaneResult> FinishAuth0Chunk([ActivityTrigger] FinishChunk work, string instanceId, FunctionContext function) =>
        Run<FinishChunkActivity, FinishChunk, LaneResult>(FinishChunkActivity.Name, work, instanceId, function);

    [Function(UndoGroupsActivity.Name)]
    public static Task<UndoGroupsResult> UndoGroups([ActivityTrigger] UndoGroupsWork work, string instanceId, FunctionContext function) =>
        Run<UndoGroupsActivity, UndoGroupsWork, UndoGroupsResult>(UndoGroupsActivity.Name, work, instanceId, function);

    [Function(ImportSlotsEntity.Name)]
    public static Task Auth0ImportSlots([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<ImportSlotsEntity>();
    }

    [Function(RateLimitBudgetEntity.Name)]
    public static Task RateLimitBudget([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<RateLimitBudgetEntity>();
    }

    private static async Task<TOutput> Orchestrate<TOrchestrator, TInput, TOutput>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        ITaskOrchestrator orchestrator = new TOrchestrator();
        return (TOutput)(await orchestrator.RunAsync(context, context.GetInput<TInput>()))!;
    }

    private static async Task<TOutput> Run<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(function);
        ITaskActivity activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(function.InstanceServices);
        return (TOutput)(await activity.RunAsync(new ActivityContext(name, instanceId), input))!;
    }

    private sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
