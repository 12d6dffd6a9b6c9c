namespace Ferry.Management.Jobs;

/// <summary>Durable Functions' runtime statuses, with the same names.</summary>
public static class JobRuntimeStatuses
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";
    public const string Suspended = "Suspended";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Completed, Failed, Terminated, Suspended];

    public static bool IsFinished(string status) => status is Completed or Failed or Terminated;
}
