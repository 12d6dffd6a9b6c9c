using System.ComponentModel.DataAnnotations;

namespace Ferry.Core.RateLimiting;

/// <summary>How much of each Okta bucket Ferry may use, and how many requests it keeps in flight.</summary>
public sealed class RateLimitBudgetOptions
{
    public const string SectionName = "Ferry:Budget";

    /// <summary>
    /// Share of each bucket's limit Ferry uses per window (Okta's default per-token share is 50 %). Ferry also
    /// leaves what other apps are on course to use, judged from how fast Remaining falls beyond its own requests.
    /// </summary>
    [Range(0.01, 1.0)]
    public double Share { get; set; } = 0.5;

    /// <summary>Requests in flight per bucket (Okta: bulk loads rarely need more than 10).</summary>
    [Range(1, 75)]
    public int Concurrency { get; set; } = 10;

    /// <summary>
    /// Length of Okta's rate-limit window (one minute): the first guess, used to estimate where a window ends until the
    /// budget has learned the length from Okta's <c>X-Rate-Limit-Reset</c> (then kept with the budget).
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to hold off after a concurrency 429 (Okta's Reset is only a suggestion there).</summary>
    public TimeSpan ConcurrencyBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after its slot a lease that was never given back stops counting against the concurrency cap: its
    /// holder's node died, or the holder was cancelled between the grant and the send. Longer than a request can take
    /// (<c>Okta:AttemptTimeout</c>, 15 s), or a live request would be forgotten and another sent beside it.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far ahead a batch of slots may reach (durable leases, <see cref="RateLimitBudgetState.TryAcquireBatch"/>):
    /// far enough that a holder that asks only between batches finds its next slots ready, near enough that the pace
    /// follows what Okta reports within a fraction of a window, and that a window's first answers are back before its
    /// share is spent (the next window's slots are placed by them). Default: half of the window (as learned).
    /// </summary>
    public TimeSpan? LeaseAhead { get; set; }

    /// <summary>A batch lease holds at least this many slots when the windows allow, however slow the pace (so that a holder's overhead is spread over enough requests).</summary>
    [Range(1, 10_000)]
    public int MinBatchSlots { get; set; } = 20;

    /// <summary>How often a caller re-asks while the bucket is at its concurrency cap or probing.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);
}
