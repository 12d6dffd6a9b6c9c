using Ferry.Core.Reports;

namespace Ferry.Core.Auth0Api;

/// <summary>One of Auth0's per-user import errors: its code (e.g. <c>DUPLICATED_USER</c>), message and property path.</summary>
public sealed record Auth0ErrorDetail(string Code, string Message, string? Path)
{
    /// <summary>Codes whose message names properties and types only, never a value.</summary>
    private static readonly string[] NamesOnly = ["OBJECT_MISSING_REQUIRED_PROPERTY", "OBJECT_ADDITIONAL_PROPERTIES", "INVALID_TYPE"];

    /// <summary>Parameters of a hash that are not secret (<c>custom_password_hash.algorithm</c>, <c>….encoding</c>…).</summary>
    private static readonly string[] HashParameters = ["algorithm", "encoding", "position", "digest", "keylen", "cost", "blockSize", "parallelization"];

    /// <summary>
    /// An error as a report may keep it: Auth0's schema messages quote the value at fault (<c>String does not match
    /// pattern …: $2b$10$…</c>), so at a password or hash path (<c>password_hash</c>, <c>custom_password_hash.…</c>
    /// except its parameters, <c>password</c>) only a message that names no value is kept; every message is cut to
    /// <see cref="ReportText.MaxLength"/> characters.
    /// </summary>
    public static Auth0ErrorDetail FromAuth0(string code, string message, string? path)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        if (IsSecretPath(path) && !NamesOnly.Contains(code, StringComparer.Ordinal))
        {
            message = $"{code} at {path} (Auth0's message is not kept: it may quote the password or hash)";
        }

        return new Auth0ErrorDetail(code, ReportText.Bound(message), path is null ? null : ReportText.Bound(path));
    }

    /// <summary>Whether <paramref name="path"/> is a property that holds a password, a hash or a salt.</summary>
    public static bool IsSecretPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var segments = path.Split('.');
        return segments[0] is "password_hash" or "custom_password_hash" or "password"
            && !HashParameters.Contains(segments[^1], StringComparer.Ordinal);
    }
}
