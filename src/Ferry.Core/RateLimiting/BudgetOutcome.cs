namespace Ferry.Core.RateLimiting;

/// <summary>How a request that held a lease ended, as far as the budget cares.</summary>
public enum BudgetOutcome
{
    /// <summary>A response other than 429 (success or error): its headers count.</summary>
    Answered,

    /// <summary>429 with a non-zero limit: the bucket is spent until Reset.</summary>
    Throttled,

    /// <summary>429 with <c>X-Rate-Limit-Limit: 0</c>: Okta's concurrency limit, not the bucket.</summary>
    ConcurrencyThrottled,

    /// <summary>No response (connection dropped, timeout): it may or may not have counted.</summary>
    NoResponse,
}
