namespace Ferry.Orchestration.Undo;

/// <summary>A group the source job created (its groups phase's <c>created</c>), as the undo job's groups step reads it.</summary>
public sealed record UndoGroup(string Name, string Id);
