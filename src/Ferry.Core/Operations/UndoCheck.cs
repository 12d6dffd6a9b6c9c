using System.Globalization;
using Ferry.Core.Csv;
using Ferry.Core.Okta.Json;

namespace Ferry.Core.Operations;

/// <summary>
/// Whether a user a job created changed since the job, compared with what the job left (<see cref="UndoTarget"/>):
/// undo never destroys work it did not do. A user changed since when it signed in, when its status is not the one the
/// job left (activated, suspended or deactivated by someone else), or when it was updated after the job ended
/// (a profile or credential edit). Its own earlier deactivation (a retried undo row) does not count.
/// </summary>
public static class UndoCheck
{
    public const string Deprovisioned = "DEPROVISIONED";

    public const string AlreadyDeleted = "already deleted (not found)";

    /// <summary>The reasons the user is to be left alone, joined; null when it is as the job left it.</summary>
    /// <param name="undoStartedAt">When the undo job started: a deactivation since then is its own.</param>
    public static string? ChangedSince(OktaUser user, UndoTarget target, DateTimeOffset undoStartedAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(target);
        var reasons = new List<string>();
        if (user.LastLogin is { } lastLogin)
        {
            reasons.Add($"logged in since the job (lastLogin {Format(lastLogin)})");
        }

        var ownDeactivation = user.Status == Deprovisioned && user.StatusChanged >= undoStartedAt - JobContext.ClockSkewAllowance
            && (target.Status is null || target.Status != Deprovisioned);
        if (target.Status is { } left && user.Status != left && !ownDeactivation)
        {
            reasons.Add(user.Status is "ACTIVE" or "PASSWORD_EXPIRED" && left is "STAGED" or "PROVISIONED"
                ? $"activated by someone else (status {user.Status}; the job left it {left})"
                : $"status changed to {user.Status} (the job left it {left})");
        }
        else if (target.AsOf is { } asOf && user.LastUpdated > asOf && !ownDeactivation)
        {
            reasons.Add($"profile edited since the job (lastUpdated {Format(user.LastUpdated.Value)}, after the job ended {Format(asOf)})");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
