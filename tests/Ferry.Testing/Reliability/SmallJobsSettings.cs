namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="SmallJobsScenario"/>; the defaults are the run.</summary>
public sealed record SmallJobsSettings
{
    /// <summary>Jobs run one after the other.</summary>
    public int Jobs { get; init; } = 8;

    /// <summary>Rows of each job.</summary>
    public int Rows { get; init; } = 2;

    /// <summary>The longest a job may wait, from its POST, for its first user to be created (the issue saw 10–25 s).</summary>
    public TimeSpan MaxFirstCall { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A guard on every wait: longer means a job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
