using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ferry.Testing;

/// <summary>The repository's documentation, for tests that hold every public name to being documented.</summary>
public static partial class Docs
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The names written as code spans (<c>`name`</c>) in a document.</summary>
    public static IReadOnlySet<string> CodeSpans(string relativePath) =>
        CodeSpan().Matches(Read(relativePath)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The names of <paramref name="names"/> that are not a code span of the document.</summary>
    public static IReadOnlyList<string> Undocumented(string relativePath, IEnumerable<string> names)
    {
        var spans = CodeSpans(relativePath);
        return names.Where(n => !spans.Contains(n)).ToList();
    }

    /// <summary>The keys of local.settings.sample.json: <c>Values</c> as they are, <c>ConnectionStrings</c> prefixed.</summary>
    public static IReadOnlySet<string> SampleSettingsKeys()
    {
        using var sample = JsonDocument.Parse(Read("local.settings.sample.json"));
        var keys = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name);
        var connections = sample.RootElement.TryGetProperty("ConnectionStrings", out var section)
            ? section.EnumerateObject().Select(p => $"ConnectionStrings:{p.Name}").ToList()
            : [];
        return keys.Concat(connections).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// <c>{SectionName}:{Property}</c> for every bindable public property (settable, or a list the binder fills) of an
    /// options class with a <c>SectionName</c> constant.
    /// </summary>
    public static IEnumerable<string> ConfigurationKeys(Type options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = (string)options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
        return options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || typeof(System.Collections.IList).IsAssignableFrom(p.PropertyType) || (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IList<>)))
            .Select(p => $"{section}:{p.Name}");
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex CodeSpan();
}
