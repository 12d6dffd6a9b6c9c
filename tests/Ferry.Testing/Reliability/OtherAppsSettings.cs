namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="OtherAppsScenario"/>; the defaults are the run, its window compressed.</summary>
public sealed record OtherAppsSettings
{
    public int Rows { get; init; } = 1_000;

    /// <summary>Share of every bucket other apps use, spread through each window (the sandbox's BackgroundShare).</summary>
    public double BackgroundShare { get; init; } = 0.7;

    /// <summary>The rate-limit window, sandbox and Ferry alike (Okta's is a minute; the users bucket holds 600).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ferry's share: more than the other apps leave.</summary>
    public double Share { get; init; } = 0.5;

    /// <summary>What Ferry may use of a window beyond what the others leave, as a share of the limit.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>The most of Ferry's requests that may be answered 429.</summary>
    public double MaxThrottled { get; init; } = 0.005;

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
