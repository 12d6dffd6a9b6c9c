using System.Globalization;

namespace Ferry.Sandbox.Okta;

/// <summary>Timestamps as Okta writes them: UTC, millisecond precision, <c>Z</c> suffix.</summary>
public static class OktaTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Okta's <c>X-Rate-Limit-Reset</c>: epoch seconds, rounded up so a client waiting for it is never early.</summary>
    public static long ToEpochSecondsCeiling(DateTimeOffset value)
    {
        var ms = value.ToUnixTimeMilliseconds();
        return (ms + 999) / 1000;
    }
}
