namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="NodeLossScenario"/>; the defaults are the full size of the issue.</summary>
public sealed record NodeLossSettings
{
    public int Rows { get; init; } = 5_000;

    /// <summary>Seed of the kill points.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Users the org lets Ferry create per second: slow enough that the job is still running at both kills.</summary>
    public int CreatesPerSecond { get; init; } = 30;

    /// <summary>A guard on every wait (for progress, for the end): longer means the job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
