using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ferry.Core.Security;

/// <summary>
/// The one rule for the name of every blob Ferry reads or writes, whoever gave it (a JSON start, an Event Grid event,
/// an inbox listing, a job's own document). A blob name goes into a URL: the SDK escapes it, but <see cref="Uri"/>
/// then collapses <c>.</c> and <c>..</c> segments, and Azure reads <c>\</c> as <c>/</c> and strips a segment's
/// trailing dots, so a name such as <c>../private-x/users.csv</c> would address a blob of another container. A name
/// is refused when it:
/// <list type="bullet">
/// <item>is empty, longer than <see cref="MaxLength"/> characters or has more than <see cref="MaxSegments"/> segments (Azure's limits);</item>
/// <item>holds a control or invisible formatting character (NUL, CR, LF, U+0080–U+009F, bidi overrides, zero-width
/// characters), an unpaired surrogate, a noncharacter or a private-use character;</item>
/// <item>holds <c>\</c>, <c>%</c> (a percent-encoded name), <c>?</c> or <c>#</c> (a query or fragment), or a character
/// that looks like or normalises to a slash (U+2215, U+2044, U+FF0F, U+FF3C, …);</item>
/// <item>starts with <c>/</c>, has an empty segment (<c>a//b</c>, a trailing <c>/</c>), or a segment that ends with a dot
/// once normalised (<c>.</c>, <c>..</c>, <c>name.</c>, full-width <c>．．</c>, U+2024).</item>
/// </list>
/// Pure: no storage types; <c>Ferry.Storage.BlobGuard</c> applies it and then checks the client it built.
/// </summary>
public static class BlobNames
{
    /// <summary>Azure's longest blob name, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Azure's most path segments in a blob name.</summary>
    public const int MaxSegments = 254;

    /// <summary>The problems a name can have, one per rule.</summary>
    public static class Problems
    {
        public static NameProblem Empty { get; } = new("empty", "A blob name has at least one character.");

        public static NameProblem TooLong { get; } = new("too-long", $"A blob name has at most {MaxLength:N0} characters.");

        public static NameProblem TooManySegments { get; } = new("too-many-segments", $"A blob name has at most {MaxSegments} segments ('/'-separated parts).");

        public static NameProblem ControlCharacter { get; } = new("control-character", "A blob name may not hold control characters (NUL, CR, LF, U+0080-U+009F) or invisible formatting characters.");

        public static NameProblem InvalidUnicode { get; } = new("invalid-unicode", "A blob name may not hold unpaired surrogates, noncharacters or private-use characters.");

        public static NameProblem Backslash { get; } = new("backslash", "A blob name may not hold '\\' (Azure reads it as '/').");

        public static NameProblem ReservedCharacter { get; } = new("reserved-character", "A blob name may not hold '%' (percent-encoding), '?' or '#'.");

        public static NameProblem SlashLookalike { get; } = new("slash-lookalike", "A blob name may not hold characters that look like or normalise to '/' or '\\' (U+2215, U+2044, U+FF0F, ...).");

        public static NameProblem LeadingSlash { get; } = new("leading-slash", "A blob name may not start with '/'.");

        public static NameProblem EmptySegment { get; } = new("empty-segment", "A blob name may not have empty segments ('//', or '/' at the end).");

        public static NameProblem DotSegment { get; } = new("dot-segment", "A blob name may not have '.' or '..' segments, nor segments ending in a dot (full-width dots included).");

        /// <summary>The storage client built from a name that passed addresses another container or name: refused all the same.</summary>
        public static NameProblem LeftItsContainer { get; } = new("left-container", "The name does not address a blob of its container exactly as given.");
    }

    /// <summary>Characters that look like a slash without normalising to one.</summary>
    private static readonly SearchValues<char> SlashLookalikes = SearchValues.Create("\u2215\u2044\u29F5\u29F8\u29F9\u2216\uFE68\uFF0F\uFF3C\u1735\u2571\u2572\u27CB\u27CD\u2CC1\u3033\u3035\u30CE\u31D3\u4E3F");

    /// <summary>The first rule <paramref name="name"/> breaks, or null when it is a name Ferry may use.</summary>
    public static NameProblem? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Problems.Empty;
        }

        if (name.Length > MaxLength)
        {
            return Problems.TooLong;
        }

        if (CharacterProblem(name) is { } character)
        {
            return character;
        }

        if (name[0] == '/')
        {
            return Problems.LeadingSlash;
        }

        var segments = 0;
        foreach (var range in name.AsSpan().Split('/'))
        {
            var segment = name.AsSpan(range);
            if (++segments > MaxSegments)
            {
                return Problems.TooManySegments;
            }

            if (segment.IsEmpty)
            {
                return Problems.EmptySegment;
            }

            if (EndsWithDot(segment))
            {
                return Problems.DotSegment;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> keeps every rule.</summary>
    public static bool IsValid(string? name) => Check(name) is null;

    /// <summary>
    /// A name as a log line may show it: control and invisible characters as <c>\uXXXX</c>, at most 120 characters —
    /// a hostile name cannot forge log lines or flood them.
    /// </summary>
    public static string Printable(string? name)
    {
        if (name is null)
        {
            return "(none)";
        }

        var text = new StringBuilder(Math.Min(name.Length, 130));
        foreach (var c in name)
        {
            if (text.Length >= 120)
            {
                return text.Append('…').ToString();
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>A character that a name may never hold: see the class summary.</summary>
    internal static NameProblem? CharacterProblem(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c < 0x80)
            {
                if (char.IsControl(c))
                {
                    return Problems.ControlCharacter;
                }

                if (c == '\\')
                {
                    return Problems.Backslash;
                }

                if (c is '%' or '?' or '#')
                {
                    return Problems.ReservedCharacter;
                }

                continue;
            }

            if (Rune.DecodeFromUtf16(name[i..], out var rune, out var used) != OperationStatus.Done)
            {
                return Problems.InvalidUnicode;
            }

            i += used - 1;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format:
                    return Problems.ControlCharacter;
                case UnicodeCategory.PrivateUse:
                    return Problems.InvalidUnicode;
            }

            if (IsNoncharacter(rune.Value))
            {
                return Problems.InvalidUnicode;
            }

            if (rune.IsBmp && SlashLookalikes.Contains(c) || NormalisesToSlash(rune))
            {
                return Problems.SlashLookalike;
            }
        }

        return null;
    }

    /// <summary>Whether a segment ends in a dot as Azure (which strips trailing dots) or a reader (full-width dots) sees it.</summary>
    internal static bool EndsWithDot(ReadOnlySpan<char> segment)
    {
        if (segment[^1] == '.')
        {
            return true;
        }

        if (segment[^1] < 0x80)
        {
            return false;
        }

        var normalised = segment.ToString().Normalize(NormalizationForm.FormKC);
        return normalised.Length > 0 && normalised[^1] == '.';
    }

    private static bool NormalisesToSlash(Rune rune)
    {
        var normalised = rune.ToString().Normalize(NormalizationForm.FormKC);
        return normalised.Contains('/', StringComparison.Ordinal) || normalised.Contains('\\', StringComparison.Ordinal);
    }

    private static bool IsNoncharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;
}
