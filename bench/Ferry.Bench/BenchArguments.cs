using System.Globalization;

namespace Ferry.Bench;

/// <summary><c>--name value</c> pairs with typed getters and defaults.</summary>
internal sealed class BenchArguments(Dictionary<string, string> values)
{
    public static BenchArguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    values[pending] = "true";
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                values[pending] = arg;
                pending = null;
            }
        }

        if (pending is not null)
        {
            values[pending] = "true";
        }

        return new BenchArguments(values);
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;

    public bool Flag(string name) => values.TryGetValue(name, out var v) && bool.Parse(v);

    /// <summary>
    /// Settings given as <c>--set Key=Value</c> (several separated by <c>;</c>; <c>Key</c> alone unsets a key), to measure
    /// another configuration: Ferry's by default, the sandbox's with <c>--sandbox</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings(string name = "set") =>
        values.TryGetValue(name, out var v)
            ? v.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => (string?)(p.Length > 1 ? p[1].Trim() : null), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string?>();

    public TimeSpan Duration(string name, TimeSpan fallback) =>
        values.TryGetValue(name, out var v) ? TimeSpan.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Writes a benchmark's tables to the file given as <c>--out</c>, if one was.</summary>
    public async Task WriteOutAsync(string text)
    {
        if (String("out", "") is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text);
        }
    }
}
