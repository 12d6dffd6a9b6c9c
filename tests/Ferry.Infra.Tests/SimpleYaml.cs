namespace Ferry.Infra.Tests;

/// <summary>
/// Reads the YAML subset azure.yaml uses: nested maps of scalars by indentation, comments, quoted or bare values.
/// Enough to check azure.yaml without a YAML package; anything else in the file (a list) fails loudly.
/// </summary>
internal static class SimpleYaml
{
    public static Dictionary<string, object> Parse(string text)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var stack = new List<(int Indent, Dictionary<string, object> Map)> { (-1, root) };
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.Trim();
            if (content.StartsWith('-'))
            {
                throw new FormatException($"line {lineNumber}: lists are not supported by this reader");
            }

            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"line {lineNumber}: expected 'key: value'");
            }

            while (stack[^1].Indent >= indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            var key = content[..colon].Trim();
            var value = content[(colon + 1)..].Trim();
            var parent = stack[^1].Map;
            if (value.Length == 0)
            {
                var child = new Dictionary<string, object>(StringComparer.Ordinal);
                parent[key] = child;
                stack.Add((indent, child));
            }
            else
            {
                parent[key] = Unquote(value);
            }
        }

        return root;
    }

    /// <summary>The scalar at a dotted path (<c>services.functions.host</c>), or null.</summary>
    public static string? Scalar(Dictionary<string, object> map, string path)
    {
        object? node = map;
        foreach (var part in path.Split('.'))
        {
            node = node is Dictionary<string, object> m && m.TryGetValue(part, out var child) ? child : null;
        }

        return node as string;
    }

    private static string StripComment(string line)
    {
        // A '#' starts a comment at the line's start or after a space, outside quotes (enough for azure.yaml).
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
