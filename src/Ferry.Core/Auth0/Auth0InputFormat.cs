namespace Ferry.Core.Auth0;

/// <summary>The input formats of an Auth0 import, detected from the file's first bytes (the name's extension is a hint).</summary>
public enum Auth0InputFormat
{
    /// <summary>A CSV file with a header line, read by Ferry's tolerant CSV reader.</summary>
    Csv,

    /// <summary>Auth0's own bulk-import file: a JSON array of user objects.</summary>
    Json,

    /// <summary>Newline-delimited JSON: one user object per line (what Auth0's user export writes); blank lines allowed.</summary>
    Ndjson,
}
