namespace Ferry.Core.Reports;

/// <summary>
/// Text from Okta or Auth0 made fit for a report cell (docs/reports.md): a provider's message may echo what was sent,
/// so a secret the row sent is replaced by <see cref="Redacted"/> first, then the text is cut to
/// <see cref="MaxLength"/> characters (in that order, so a cut never leaves part of a secret behind).
/// </summary>
public static class ReportText
{
    /// <summary>The longest message a report keeps from a provider, per message.</summary>
    public const int MaxLength = 200;

    public const string Redacted = "[redacted]";

    /// <summary>Secrets shorter than this are not searched for: they would match ordinary words.</summary>
    private const int MinSecretLength = 4;

    public static string Bound(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
    }

    /// <summary><paramref name="text"/> with every occurrence of each of <paramref name="secrets"/> redacted, then bounded.</summary>
    public static string Clean(string text, IEnumerable<string?>? secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets ?? [])
        {
            if (secret is { Length: >= MinSecretLength })
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return Bound(text);
    }
}
