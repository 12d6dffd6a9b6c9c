namespace Ferry.Bench.Throughput;

/// <summary>What a script reported for its rows (its own results file), and how long it ran.</summary>
internal sealed record ScriptResult(IReadOnlyDictionary<int, string> Reported, TimeSpan Duration);
