namespace Ferry.Orchestration.Auth0;

/// <summary><see cref="Auth0JobsOptions"/> as an Auth0 job runs with them, kept in its history so a replay decides the same way.</summary>
public sealed record Auth0Settings(
    int ConcurrentJobs,
    int ChunksInFlight,
    TimeSpan PollInterval,
    TimeSpan MaxPollInterval,
    TimeSpan SlotRetryInterval,
    int ChunkAttempts,
    TimeSpan JobTimeout)
{
    public static Auth0Settings From(Auth0JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Auth0Settings(options.ConcurrentJobs, options.ChunksInFlight, options.PollInterval, options.MaxPollInterval, options.SlotRetryInterval, options.ChunkAttempts, options.JobTimeout);
    }

    /// <summary>The wait before poll number <paramref name="poll"/> (0-based): doubling from the first, at most the longest; Auth0's estimate when it is sooner.</summary>
    public TimeSpan PollDelay(int poll, int? timeLeftSeconds)
    {
        var doubling = PollInterval * Math.Pow(2, Math.Min(poll, 16));
        var delay = doubling > MaxPollInterval ? MaxPollInterval : doubling;
        if (timeLeftSeconds is > 0 && TimeSpan.FromSeconds(timeLeftSeconds.Value) < delay)
        {
            delay = TimeSpan.FromSeconds(timeLeftSeconds.Value);
        }

        return delay < PollInterval ? PollInterval : delay;
    }
}
