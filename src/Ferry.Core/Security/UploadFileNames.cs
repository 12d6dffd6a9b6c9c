using System.Text;

namespace Ferry.Core.Security;

/// <summary>
/// The file name an upload is stored under (<c>http/{yyyy}/{MM}/{dd}/{guid}/{file name}</c>), from whatever the
/// caller said (<c>?name=</c>, a multipart part's file name): its last segment after <c>/</c>, <c>\</c> or a slash
/// look-alike; control and invisible characters dropped; <c>%</c>, <c>?</c> and <c>#</c> made <c>_</c>; spaces and
/// trailing dots trimmed; at most <see cref="MaxLength"/> characters (the extension kept); <see cref="Fallback"/> when
/// nothing is left. The result always keeps <see cref="BlobNames"/>' rule.
/// </summary>
public static class UploadFileNames
{
    public const int MaxLength = 200;

    public const string Fallback = "upload.csv";

    public static string Safe(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Fallback;
        }

        var text = new StringBuilder(Math.Min(name.Length, MaxLength * 2));
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '/' or '\\')
            {
                text.Clear(); // only the last segment counts
                continue;
            }

            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                continue; // an unpaired surrogate
            }

            var character = name.AsSpan(i, used);
            i += used - 1;
            if (BlobNames.CharacterProblem(character) is not { } problem)
            {
                text.Append(character);
            }
            else if (problem == BlobNames.Problems.SlashLookalike)
            {
                text.Clear();
            }
            else if (problem == BlobNames.Problems.ReservedCharacter)
            {
                text.Append('_');
            }
        }

        var safe = Bounded(TrimDots(text.ToString().Trim()));
        return safe.Length == 0 || !BlobNames.IsValid(safe) ? Fallback : safe;
    }

    /// <summary>Without trailing dots (Azure strips them; full-width ones read the same).</summary>
    private static string TrimDots(string name)
    {
        while (name.Length > 0 && BlobNames.EndsWithDot(name))
        {
            name = name[..^(name.Length > 1 && char.IsLowSurrogate(name[^1]) ? 2 : 1)].TrimEnd();
        }

        return name;
    }

    private static string Bounded(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        extension = extension.Length is > 0 and <= 16 ? extension : "";
        var stem = name[..(MaxLength - extension.Length)];
        return (char.IsHighSurrogate(stem[^1]) ? stem[..^1] : stem) + extension;
    }
}
