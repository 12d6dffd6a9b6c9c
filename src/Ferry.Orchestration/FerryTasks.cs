using Ferry.Orchestration.Auth0;
using Ferry.Orchestration.Budget;
using Ferry.Orchestration.Groups;
using Ferry.Orchestration.Jobs;
using Ferry.Orchestration.Reports;
using Ferry.Orchestration.Rows;
using Ferry.Orchestration.Undo;

namespace Ferry.Orchestration;

/// <summary>
/// Every orchestrator, activity and entity of Ferry, by the name it is scheduled under: the one list both hosts
/// register (the self-host's worker, the Function App's triggers), so neither can miss one.
/// </summary>
public static class FerryTasks
{
    public static IReadOnlyList<(string Name, Type Type)> Orchestrators { get; } =
    [
        (MigrationOrchestrator.Name, typeof(MigrationOrchestrator)),
        (GroupsOrchestrator.Name, typeof(GroupsOrchestrator)),
        (RowsLaneOrchestrator.Name, typeof(RowsLaneOrchestrator)),
        (Auth0ChunkOrchestrator.Name, typeof(Auth0ChunkOrchestrator)),
    ];

    public static IReadOnlyList<(string Name, Type Type)> Activities { get; } =
    [
        (PlanJobActivity.Name, typeof(PlanJobActivity)),
        (ResolveGroupsActivity.Name, typeof(ResolveGroupsActivity)),
        (RunBatchActivity.Name, typeof(RunBatchActivity)),
        (WriteReportsActivity.Name, typeof(WriteReportsActivity)),
        (FinishInputActivity.Name, typeof(FinishInputActivity)),
        (PostChunkActivity.Name, typeof(PostChunkActivity)),
        (PollImportActivity.Name, typeof(PollImportActivity)),
        (FinishChunkActivity.Name, typeof(FinishChunkActivity)),
        (UndoGroupsActivity.Name, typeof(UndoGroupsActivity)),
    ];

    public static IReadOnlyList<(string Name, Type Type)> Entities { get; } =
    [
        (RateLimitBudgetEntity.Name, typeof(RateLimitBudgetEntity)),
        (ImportSlotsEntity.Name, typeof(ImportSlotsEntity)),
    ];
}
