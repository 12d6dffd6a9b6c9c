using Ferry.Core.Jobs;

namespace Ferry.Cli;

/// <summary>The <c>--option name=value</c> flags (and <c>--target</c>) as job options, checked as the server checks them.</summary>
public static class OptionPairs
{
    /// <summary>The pairs with Ferry's wire names, the parsed options, or the first problem.</summary>
    public static (Dictionary<string, string>? Pairs, JobOptions? Options, string? Error) Parse(IEnumerable<string>? flags, string? target)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var flag in flags ?? [])
        {
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (null, null, $"--option expects name=value, not '{flag}'");
            }

            pairs[flag[..equals].Trim()] = flag[(equals + 1)..];
        }

        if (target is not null)
        {
            pairs[JobOptions.Names.Target] = target;
        }

        var (options, errors) = JobOptions.Parse(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), strict: true);
        return errors.Count > 0 || options is null ? (null, null, string.Join("; ", errors)) : (pairs, options, null);
    }
}
