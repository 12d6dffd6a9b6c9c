using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ferry.Testing.Reliability;

/// <summary>
/// Looks for secret values in texts, as written and as JSON (default escaping turns <c>+</c> into <c>\u002B</c>) or a URL
/// would encode them, all at once. A hit names the secret's kind and line, never its value.
/// </summary>
public sealed class SecretScan
{
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly SearchValues<string> _values;

    /// <param name="secrets">(what, where it came from, the value)</param>
    public SecretScan(IEnumerable<(string Kind, string Origin, string Value)> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var (kind, origin, value) in secrets)
        {
            foreach (var (encoding, form) in Forms(value))
            {
                _labels.TryAdd(form, $"{kind} ({origin}, {encoding})");
            }
        }

        _values = SearchValues.Create([.. _labels.Keys], StringComparison.Ordinal);
    }

    public int Count => _labels.Count;

    /// <summary>Which secrets <paramref name="text"/> holds (labels, no values).</summary>
    public List<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<string>();
        var position = 0;
        while (text.AsSpan(position).IndexOfAny(_values) is >= 0 and var at)
        {
            position += at;
            var found = _labels.Keys.Where(k => text.AsSpan(position).StartsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length)!;
            hits.Add(_labels[found]);
            position += found.Length;
        }

        return hits;
    }

    private static IEnumerable<(string Encoding, string Form)> Forms(string value)
    {
        yield return ("as is", value);
        yield return ("JSON-escaped", JsonEncodedText.Encode(value).ToString());
        yield return ("JSON-escaped", JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        yield return ("URL-encoded", Uri.EscapeDataString(value));
    }
}
