namespace Ferry.Cli;

/// <summary>Positional arguments and <c>--name value</c> options (repeatable).</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Positional { get; } = [];

    public static CliArguments Parse(IEnumerable<string> args)
    {
        var parsed = new CliArguments();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
                if (!parsed._options.ContainsKey(pending))
                {
                    parsed._options[pending] = [];
                }
            }
            else if (pending is not null)
            {
                parsed._options[pending].Add(arg);
                pending = null;
            }
            else
            {
                parsed.Positional.Add(arg);
            }
        }

        return parsed;
    }

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values.LastOrDefault() : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];
}
