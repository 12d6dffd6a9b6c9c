namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="CrashScenario"/>; the defaults are the full size of the issue.</summary>
public sealed record CrashSettings
{
    public int Rows { get; init; } = 5_000;

    /// <summary>How many times Ferry is killed (SIGKILL) and started again during the job.</summary>
    public int Crashes { get; init; } = 10;

    /// <summary>Seed of the kill points: the same seed kills at the same progress.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Users the org lets Ferry create per second: slow enough that the job is still running at every kill.</summary>
    public int CreatesPerSecond { get; init; } = 30;

    /// <summary>A guard on every wait (for progress, for the end): longer means the job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
