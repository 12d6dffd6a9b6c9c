namespace Ferry.Orchestration.Jobs;

/// <summary>Seconds spent per phase (<c>phaseSeconds</c>), on the orchestration's clock: the same on every replay.</summary>
internal sealed class PhaseClock(string phase, DateTimeOffset now)
{
    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);

    public string Phase { get; private set; } = phase;

    public DateTimeOffset Since { get; private set; } = now;

    public void MoveTo(string phase, DateTimeOffset now)
    {
        _seconds[Phase] = Math.Round(_seconds.GetValueOrDefault(Phase) + (now - Since).TotalSeconds, 3);
        Phase = phase;
        Since = now;
    }

    /// <summary>The seconds of the phases the job has left.</summary>
    public IReadOnlyDictionary<string, double> Closed => new Dictionary<string, double>(_seconds, StringComparer.Ordinal);

    /// <summary>Every phase's seconds, the current one up to <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<string, double> Seconds(DateTimeOffset now)
    {
        var seconds = new Dictionary<string, double>(_seconds, StringComparer.Ordinal);
        seconds[Phase] = Math.Round(seconds.GetValueOrDefault(Phase) + (now - Since).TotalSeconds, 3);
        return seconds;
    }
}
