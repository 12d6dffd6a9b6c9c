using System.Text.RegularExpressions;

namespace Ferry.Infra.Tests;

/// <summary>docs/configuration.md as data: the rows of its key tables and what "## The Function App" says the app does not read.</summary>
internal static partial class ConfigurationDoc
{
    public const string Path = "docs/configuration.md";

    /// <summary>Azure Functions' worker runtime key: on Flex Consumption it is the app's runtime configuration, never a setting.</summary>
    public const string WorkerRuntimeKey = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>Every row of every table whose first header cell is <c>key</c>.</summary>
    public static IReadOnlyList<ConfigurationKey> AllKeys()
    {
        var keys = new List<ConfigurationKey>();
        var inKeyTable = false;
        foreach (var raw in Repository.Read(Path).Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|'))
            {
                inKeyTable = false;
                continue;
            }

            var cells = Cells(line);
            if (cells.Count == 0 || cells.All(c => c.Trim('-', ':').Length == 0))
            {
                continue;
            }

            if (!inKeyTable)
            {
                // A table's first row is its header.
                inKeyTable = string.Equals(cells[0], "key", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            var key = CodeSpan().Match(cells[0]);
            if (key.Success)
            {
                keys.Add(new ConfigurationKey(key.Groups[1].Value, cells[^1]));
            }
        }

        return keys;
    }

    /// <summary>The keys the Function App reads: every documented key except those "## The Function App" lists as the self-host's only, and the worker runtime.</summary>
    public static IReadOnlyList<ConfigurationKey> FunctionAppKeys()
    {
        var exclusions = FunctionAppExclusions();
        return AllKeys()
            .Where(k => k.Key != WorkerRuntimeKey && !exclusions.Any(e => e.Excludes(k.Key)))
            .ToList();
    }

    /// <summary>The bullets of "## The Function App" before its table: "`Ferry:Durable:*` other than `Ferry:Durable:TaskHub`: …".</summary>
    public static IReadOnlyList<ConfigurationExclusion> FunctionAppExclusions()
    {
        var text = Repository.Read(Path);
        var start = text.IndexOf("\n## The Function App", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Path} has no '## The Function App' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];

        var exclusions = new List<ConfigurationExclusion>();
        foreach (var raw in section.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('|'))
            {
                break;
            }

            if (!line.StartsWith("- ", StringComparison.Ordinal))
            {
                continue;
            }

            // What is excluded is said before the first ": " (keys contain ':' but never ': ').
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var subject = colon < 0 ? line : line[..colon];
            var otherThan = subject.IndexOf("other than", StringComparison.Ordinal);
            var excluded = otherThan < 0 ? subject : subject[..otherThan];
            var kept = otherThan < 0 ? "" : subject[otherThan..];
            exclusions.Add(new ConfigurationExclusion(
                CodeSpan().Matches(excluded).Select(m => m.Groups[1].Value).ToList(),
                CodeSpan().Matches(kept).Select(m => m.Groups[1].Value).ToList()));
        }

        return exclusions;
    }

    private static List<string> Cells(string line)
    {
        var inner = line.Trim('|');
        return UnescapedPipe().Split(inner).Select(c => c.Trim()).ToList();
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
