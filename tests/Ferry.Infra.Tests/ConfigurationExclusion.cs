namespace Ferry.Infra.Tests;

/// <summary>
/// Keys (or <c>Prefix:*</c> patterns) that docs/configuration.md's "## The Function App" says the app does not read,
/// with the keys it names as exceptions ("`Ferry:Durable:*` other than `Ferry:Durable:TaskHub`").
/// </summary>
internal sealed record ConfigurationExclusion(IReadOnlyList<string> Patterns, IReadOnlyList<string> Except)
{
    public bool Excludes(string key) =>
        !Except.Contains(key, StringComparer.OrdinalIgnoreCase) && Patterns.Any(p => Matches(p, key));

    private static bool Matches(string pattern, string key) =>
        pattern.EndsWith('*')
            ? key.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, key, StringComparison.OrdinalIgnoreCase);
}
