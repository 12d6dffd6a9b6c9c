namespace Ferry.Testing.Reliability;

/// <summary>The okta-faults scenario's sizes and fault rates; the defaults are the full-size run.</summary>
public sealed record OktaFaultsSettings
{
    /// <summary>A CI-sized run: the same faults on fewer rows, a shorter outage.</summary>
    public static OktaFaultsSettings Short { get; } = new()
    {
        Rows = 300,
        OutageRows = 100,
        Outage = TimeSpan.Zero,
        Window = TimeSpan.FromSeconds(2),
        SliceRows = 100,
        Timeout = TimeSpan.FromMinutes(3),
    };

    public int Rows { get; init; } = 5000;

    public double ServerErrorRate { get; init; } = 0.05;

    public double ResetRate { get; init; } = 0.01;

    public double SlowRate { get; init; } = 0.02;

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>429s on requests whose bucket had room: another app's burst.</summary>
    public double ThrottleRate { get; init; } = 0.01;

    /// <summary>Share of every bucket another app uses, spread through each window.</summary>
    public double BackgroundShare { get; init; } = 0.3;

    /// <summary>The rate-limit window (Okta's is a minute; shorter so a 429's wait for Reset is short too).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Okta's limits per window scaled by this (0.25: 150 creates per window).</summary>
    public double RateLimitMultiplier { get; init; } = 0.25;

    public int Seed { get; init; } = 1;

    /// <summary>Rows per slice (Ferry:Jobs:SliceRows): up to four slices of a job run at once.</summary>
    public int SliceRows { get; init; } = 500;

    /// <summary>Rows of the job Okta goes down under (0: no outage).</summary>
    public int OutageRows { get; init; } = 1000;

    /// <summary>How long Okta stays down after the outage job's first rows failed after every retry.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
}
