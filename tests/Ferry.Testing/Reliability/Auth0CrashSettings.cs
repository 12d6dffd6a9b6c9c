namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="Auth0CrashScenario"/>; the defaults are the full size of the issue.</summary>
public sealed record Auth0CrashSettings
{
    /// <summary>Users in the CSV: 20,000 make about ten 400 KB chunks (ten Auth0 import jobs).</summary>
    public int Users { get; init; } = 20_000;

    /// <summary>How many times Ferry is killed (SIGKILL) and started again during the job.</summary>
    public int Crashes { get; init; } = 6;

    /// <summary>Seed of the kill points: the same seed kills at the same progress.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Users the sandbox's import jobs process per second: slow enough that the job is still running at every kill.</summary>
    public int UsersPerSecond { get; init; } = 150;

    /// <summary>A guard on every wait (for progress, for the end): longer means the job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
