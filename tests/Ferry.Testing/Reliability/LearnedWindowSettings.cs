namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="LearnedWindowScenario"/>; the defaults are the run.</summary>
public sealed record LearnedWindowSettings
{
    public int Rows { get; init; } = 2_000;

    /// <summary>The sandbox's window; Ferry is not told it (<c>Ferry:Budget:Window</c> stays at a minute).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ferry's share of the users bucket (600 a window).</summary>
    public double Share { get; init; } = 0.5;

    /// <summary>The least of its share the job's rows phase must use (the issue saw 0.314).</summary>
    public double MinRatio { get; init; } = 0.85;

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
