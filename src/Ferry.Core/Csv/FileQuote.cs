namespace Ferry.Core.Csv;

/// <summary>
/// How a message quotes text read from a user's file: bounded, so that a message (a job's failure, a status payload,
/// a log line) never carries more of a file than it needs to point at the problem — whatever the file holds.
/// </summary>
public static class FileQuote
{
    /// <summary>The most characters of one cell quoted.</summary>
    public const int MaxChars = 40;

    /// <summary>The most cells listed in one message.</summary>
    public const int MaxItems = 10;

    /// <summary><paramref name="text"/> in single quotes, cut to <see cref="MaxChars"/> characters (an ellipsis says it was cut).</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxChars ? $"'{text}'" : $"'{text[..MaxChars]}…'";
    }

    /// <summary>The first <see cref="MaxItems"/> of <paramref name="texts"/>, quoted, and how many more there are.</summary>
    public static string List(IReadOnlyCollection<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var shown = string.Join(", ", texts.Take(MaxItems).Select(Quote));
        return texts.Count <= MaxItems ? shown : $"{shown} and {texts.Count - MaxItems} more";
    }
}
