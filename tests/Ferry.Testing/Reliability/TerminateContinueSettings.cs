namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="TerminateContinueScenario"/>; the defaults are the run (terminated at row 1,478 of 50,000).</summary>
public sealed record TerminateContinueSettings
{
    public int Rows { get; init; } = 50_000;

    /// <summary>The job is terminated once this many rows are done.</summary>
    public int TerminateAt { get; init; } = 1_478;

    /// <summary>A guard on every wait: longer means a job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(20);
}
