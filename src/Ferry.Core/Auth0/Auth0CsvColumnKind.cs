namespace Ferry.Core.Auth0;

/// <summary>How a CSV cell becomes a JSON value in the user.</summary>
internal enum Auth0CsvColumnKind
{
    /// <summary>A column the job ignores.</summary>
    Ignored,

    /// <summary>The cell as a string.</summary>
    String,

    /// <summary>true/false, yes/no or 1/0, as a JSON boolean.</summary>
    Boolean,

    /// <summary>A whole number, as a JSON number.</summary>
    Integer,

    /// <summary>A cell holding a JSON object.</summary>
    JsonObject,

    /// <summary>A cell holding a JSON array.</summary>
    JsonArray,
}
