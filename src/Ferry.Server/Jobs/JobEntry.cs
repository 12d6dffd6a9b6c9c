namespace Ferry.Server.Jobs;

/// <summary>A job as the catalog sees it from metadata.</summary>
public sealed record JobEntry(string InstanceId, string RuntimeStatus, DateTimeOffset CreatedTime, string Name);
