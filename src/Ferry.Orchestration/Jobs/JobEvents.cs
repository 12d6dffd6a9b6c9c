namespace Ferry.Orchestration.Jobs;

/// <summary>The external events a job's orchestrations listen for.</summary>
public static class JobEvents
{
    /// <summary>Releases a job that waits for approval (<c>requireApproval</c>).</summary>
    public const string Approve = "approve";

    /// <summary>Ends a job with a report of what was done (its payload is the reason).</summary>
    public const string Terminate = "terminate";

    /// <summary>Sent by the job to its lanes and groups orchestration: stop after the batch in progress.</summary>
    public const string Stop = "stop";
}
