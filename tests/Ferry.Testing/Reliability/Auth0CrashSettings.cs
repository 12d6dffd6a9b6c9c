namespace Ferry.Testing.Reliability;

/// <summary>Settings of <see cref="Auth0CrashScenario"/>; the defaults are the full size of the issue.</summary>
public sealed record Auth0CrashSettings
{
    /// <summary>Users in the CSV: 20,000 make about forty 100 KB chunks (forty Auth0 import jobs).</summary>
    public int Users { get; init; } = 20_000;

    /// <summary>
    /// How many times Ferry is killed (SIGKILL) and started again during the job, each kill aimed at the next phase of a
    /// chunk (<see cref="Auth0ChunkPhase"/>, in turn).
    /// </summary>
    public int Crashes { get; init; } = 8;

    /// <summary>Users of the file another tool imports into the tenant just before the job, spread through the file.</summary>
    public int Existing { get; init; } = 20;

    /// <summary>Ferry's chunk cap (<c>Ferry:Auth0:ChunkBytes</c>): 100 KB make about 500 users a chunk, so many chunks wait for a slot.</summary>
    public int ChunkBytes { get; init; } = 102_400;

    /// <summary>Users the sandbox's import jobs process per second: slow enough that the job is still running at every kill.</summary>
    public int UsersPerSecond { get; init; } = 150;

    /// <summary>
    /// Management API requests per second the tenant allows (a bucket of this many, refilled each second); null: the
    /// sandbox's default, a paid tenant's pace (5 a second, bursts of 10), at which every lookup is measured.
    /// </summary>
    public int? ManagementRequestsPerSecond { get; init; }

    /// <summary>
    /// A guard on every wait (for progress, for the end): longer means the job is stuck. At a paid tenant's pace a chunk
    /// whose post was lost is looked up user by user: about a minute and a half of the tenant's requests per chunk.
    /// </summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(15);
}
