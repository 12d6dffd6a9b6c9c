using System.ComponentModel.DataAnnotations;

namespace Ferry.Orchestration.Auth0;

/// <summary>How Ferry drives Auth0 bulk imports (<c>Ferry:Auth0:*</c> configuration keys, see docs/configuration.md).</summary>
public sealed class Auth0JobsOptions
{
    public const string SectionName = "Ferry:Auth0";

    /// <summary>Auth0's own limit on an import file: a chunk may never be larger.</summary>
    public const int AuthZeroMaxFileBytes = 512_000;

    /// <summary>The largest users file (JSON array) one Auth0 import job is given: 400 KB, under Auth0's 500 KB.</summary>
    [Range(1024, AuthZeroMaxFileBytes)]
    public int ChunkBytes { get; set; } = 409_600;

    /// <summary>The most users one import job is given, whatever their size.</summary>
    [Range(1, 100_000)]
    public int ChunkUsers { get; set; } = 10_000;

    /// <summary>Import jobs running at once per tenant, across every job and node (Auth0 allows 2).</summary>
    [Range(1, 2)]
    public int ConcurrentJobs { get; set; } = 2;

    /// <summary>Chunks of one Ferry job that wait for a slot or run at once (their sub-orchestrations).</summary>
    [Range(1, 64)]
    public int ChunksInFlight { get; set; } = 4;

    /// <summary>The first wait before a posted import job is polled; doubling up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two polls of one import job.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a chunk waits before it asks again for a slot (all taken) or posts again (a 429).</summary>
    public TimeSpan SlotRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Posts of one chunk whose Auth0 job failed or timed out, before its rows are reported as they stand.</summary>
    [Range(1, 10)]
    public int ChunkAttempts { get; set; } = 3;

    /// <summary>How long a posted import job is followed before it counts as failed (Auth0 fails jobs after 2 hours).</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromHours(2.25);
}
