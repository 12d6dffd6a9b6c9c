namespace Ferry.Management.Jobs;

/// <summary>What became of a request to control a job: done, no such job, not possible in its state, or nothing to do.</summary>
public enum ControlStatus
{
    Accepted,
    NotFound,
    Conflict,
    NothingToDo,

    /// <summary>Never possible for this job (e.g. undoing an undo).</summary>
    Refused,
}

/// <summary>A control request's result, with why when it was refused, and the new job's id for a rerun or an undo.</summary>
public sealed record ControlOutcome(ControlStatus Status, string? Detail = null, string? InstanceId = null)
{
    public static ControlOutcome Accepted(string? instanceId = null) => new(ControlStatus.Accepted, null, instanceId);

    public static ControlOutcome NotFound { get; } = new(ControlStatus.NotFound);

    public static ControlOutcome Conflict(string detail) => new(ControlStatus.Conflict, detail);
}
