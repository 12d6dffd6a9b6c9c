namespace Ferry.Testing.Reliability;

/// <summary>
/// Where a scenario breaks something: once the job has processed a number of rows drawn from a seeded
/// <see cref="Random"/> (so a run can be replayed with its seed), then after a random 0–2 s more, so the blow lands
/// anywhere in a batch: among Okta calls, an outcome write, a state write.
/// </summary>
public sealed class DisruptionPoints(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A row count drawn between the fractions <paramref name="from"/> and <paramref name="to"/> of <paramref name="rows"/>.</summary>
    public int Between(int rows, double from, double to) => (int)(rows * (from + ((to - from) * _random.NextDouble())));

    /// <summary>
    /// Waits until the job has processed <paramref name="rows"/> rows, then a random 0–2 s. Returns the rows processed
    /// when the first wait ended, or null (and a problem in <paramref name="report"/>) when the job finished first.
    /// </summary>
    public async Task<int?> ReachAsync(
        ScenarioReport report,
        HttpClient client,
        string id,
        int rows,
        TimeSpan timeout,
        Func<string> logs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = (await Jobs.WaitAsync(client, id, b => Jobs.RowsDone(b) >= rows || Jobs.IsDone(b), timeout, logs, cancellationToken))[^1].Body;
        if (!report.Check(!Jobs.IsDone(status), $"the job finished before it could be disrupted at {rows} rows: the scenario needs a slower org or more rows"))
        {
            return null;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(2000)), TimeProvider.System, cancellationToken);
        return Jobs.RowsDone(status);
    }
}
