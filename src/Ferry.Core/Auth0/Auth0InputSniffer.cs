using Ferry.Core.Jobs;

namespace Ferry.Core.Auth0;

/// <summary>Decides from a file's first bytes whether it is JSON, NDJSON or (for the CSV reader to check) CSV.</summary>
internal static class Auth0InputSniffer
{
    /// <summary>The format and the UTF-8 byte order mark's length, or the failure; CSV is what is neither JSON nor NDJSON.</summary>
    public static (Auth0InputFormat Format, int Preamble, JobFailure? Failure) Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        var preamble = head is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var body = head[preamble..];
        var index = body.IndexOfAnyExcept(" \t\r\n"u8);
        var first = index < 0 ? (byte)0 : body[index];
        if (first == (byte)'[')
        {
            return (Auth0InputFormat.Json, preamble, null);
        }

        if (first == (byte)'{')
        {
            return (Auth0InputFormat.Ndjson, preamble, null);
        }

        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        var utf16Json = head is [0xFF, 0xFE, (byte)'[' or (byte)'{', 0, ..] or [0xFE, 0xFF, 0, (byte)'[' or (byte)'{', ..];
        if (utf16Json)
        {
            return Fail($"'{fileName}' is JSON in UTF-16. Save it as UTF-8 and upload it again.");
        }

        if (!head.IsEmpty && extension is ".JSON" or ".NDJSON" or ".JSONL")
        {
            return Fail($"'{fileName}' is named like JSON but starts with neither '[' (a JSON array of users) nor '{{' (NDJSON, one user a line). Check that it is the users file and upload it again.");
        }

        return (Auth0InputFormat.Csv, 0, null);
    }

    private static (Auth0InputFormat, int, JobFailure?) Fail(string message) =>
        (Auth0InputFormat.Csv, 0, new JobFailure(Auth0FailureCodes.NotJson, message));
}
