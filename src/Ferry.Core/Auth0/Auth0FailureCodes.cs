namespace Ferry.Core.Auth0;

/// <summary>
/// The codes of the whole-file failures of an Auth0 input (<see cref="Jobs.JobFailure.Code"/>), besides the CSV ones of
/// <see cref="Csv.CsvFailureCodes"/> that a CSV input can also cause.
/// </summary>
public static class Auth0FailureCodes
{
    /// <summary>The JSON or NDJSON file's structure is broken so that the rest cannot be read.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>A <c>.json</c>/<c>.ndjson</c> file that starts with neither <c>[</c> nor <c>{</c>, or JSON not in UTF-8.</summary>
    public const string NotJson = "not-json";

    /// <summary>The file has no records.</summary>
    public const string NoRows = "no-rows";
}
