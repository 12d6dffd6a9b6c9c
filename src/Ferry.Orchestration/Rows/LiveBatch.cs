namespace Ferry.Orchestration.Rows;

/// <summary>A batch's rows done so far in its first pass, by how they ended.</summary>
public sealed record LiveBatch(int Rows, int Succeeded, int Failed, int Invalid)
{
    /// <summary>How often a running batch writes its counts.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1.5);
}
