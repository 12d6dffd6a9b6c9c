namespace Ferry.Infra.Tests;

/// <summary>What one run of the bicep CLI printed and returned.</summary>
internal sealed record BicepResult(string Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every line the CLI printed (diagnostics go to standard error); empty when there is nothing to say.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardOutput + "\n" + StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"bicep {Arguments} → exit {ExitCode}\n{StandardOutput}{StandardError}";
}
