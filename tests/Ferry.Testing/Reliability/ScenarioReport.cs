using System.Globalization;
using System.Text;

namespace Ferry.Testing.Reliability;

/// <summary>
/// What a reliability scenario measured and which of its guarantees did not hold. The CI tests assert
/// <see cref="Problems"/> is empty; the benchmark command prints the figures.
/// </summary>
public sealed class ScenarioReport(string name)
{
    private readonly List<KeyValuePair<string, string>> _figures = [];
    private readonly List<string> _problems = [];

    public string Name { get; } = name;

    public IReadOnlyList<KeyValuePair<string, string>> Figures => _figures;

    public IReadOnlyList<string> Problems => _problems;

    public bool Passed => _problems.Count == 0;

    /// <summary>
    /// Runs a scenario's <paramref name="steps"/> into a new report. A wait that timed out (a job stuck) is a problem in
    /// the report rather than an exception, so the figures gathered up to then are still printed.
    /// </summary>
    public static async Task<ScenarioReport> RunAsync(string name, Func<ScenarioReport, Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var report = new ScenarioReport(name);
        try
        {
            await steps(report);
        }
        catch (TimeoutException e)
        {
            report.Check(false, e.Message);
        }

        return report;
    }

    public ScenarioReport Figure(string name, object value)
    {
        _figures.Add(KeyValuePair.Create(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        return this;
    }

    /// <summary>A duration, in seconds.</summary>
    public ScenarioReport Figure(string name, TimeSpan duration) => Figure(name, Seconds(duration));

    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0' s'", CultureInfo.InvariantCulture);

    /// <summary>Records a problem unless <paramref name="holds"/>.</summary>
    public bool Check(bool holds, string problem)
    {
        if (!holds)
        {
            _problems.Add(problem);
        }

        return holds;
    }

    public void AddProblems(IEnumerable<string> problems) => _problems.AddRange(problems);

    public override string ToString()
    {
        var text = new StringBuilder().Append(Name).Append(": ").Append(Passed ? "passed" : "FAILED");
        foreach (var (name, value) in _figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {value}");
        }

        foreach (var problem in _problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  problem: {problem}");
        }

        return text.ToString();
    }
}
