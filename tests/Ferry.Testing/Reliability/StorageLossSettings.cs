namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="StorageLossScenario"/>; the defaults are the full size of the issue.</summary>
public sealed record StorageLossSettings
{
    public int Rows { get; init; } = 5_000;

    /// <summary>How long storage (Azurite) is down.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of the point where storage goes down.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Users the org lets Ferry create per second: slow enough that the job is still running at the outage.</summary>
    public int CreatesPerSecond { get; init; } = 30;

    /// <summary>A guard on every wait (for progress, for the end): longer means the job is stuck.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
