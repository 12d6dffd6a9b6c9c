using System.Globalization;
using Ferry.Core.Auth0;
using Ferry.Core.Auth0Api;
using Ferry.Core.Csv;
using Ferry.Core.Okta;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Operations;

/// <summary>
/// An undo row of an Auth0 job: the user the source job inserted (by id, or by email in the job's connection when
/// the job never learned its id) is deleted (<c>DELETE /api/v2/users/{id}</c>) unless it changed since the job — it
/// signed in (<c>logins_count</c>, <c>last_login</c>) or was updated after the job ended (<c>updated_at</c>) — then
/// it is left alone and reported <c>skipped</c> with the reason. A user is deleted only when it carries the undone
/// job's id in <c>app_metadata.ferry_job</c> (<see cref="Auth0Ownership"/>): one that does not was not inserted by that
/// job, whatever its report said, and is skipped. Auth0's own rate limit is honoured by <see cref="Auth0Client"/>.
/// </summary>
/// <param name="undoneJob">The job being undone; its id is the mark its users carry.</param>
public sealed class Auth0UndoProcessor(Auth0Client auth0, bool dryRun, string? connection, string? undoneJob, OktaCallMetrics metrics)
{
    /// <param name="stopping">Cancelled when the job is stopped: the user is then not deleted, and the row runs again later.</param>
    public async Task<RowOutcome> ProcessAsync(ParsedRow row, CancellationToken stopping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.User is not { Undo: { } target } user)
        {
            return new RowOutcome(row.Row, row.Line, row.Login, row.Email, RowAction.Invalid, null, null, [], RowErrorCodes.Invalid, row.Error?.ToString(), row.Error?.Column, 0);
        }

        var attempts = 1;
        RowOutcome Outcome(string action, string? userId, string? summary = null) =>
            new(user.Row, user.Line, user.Login, user.Email, action, null, userId, [], null, summary, null, attempts);
        RowOutcome Failed(Auth0Failure failure, string? userId) =>
            Outcome(RowAction.Failed, userId) with
            {
                ErrorCode = failure.Kind switch { Auth0FailureKind.Unauthorized => "auth0-unauthorized", Auth0FailureKind.Rejected => RowErrorCodes.Auth0Rejected, _ => RowErrorCodes.Auth0Unavailable },
                ErrorSummary = failure.Message,
                Retryable = failure.IsRetryable,
            };

        Auth0User? found;
        if (target.UserId is { } id)
        {
            var read = await auth0.GetUserAsync(id, metrics, cancellationToken);
            if (read.Failed && read.Failure.Kind != Auth0FailureKind.NotFound)
            {
                return Failed(read.Failure, id);
            }

            found = read.Value;
        }
        else
        {
            var read = await auth0.UsersByEmailAsync(user.Email!, metrics, cancellationToken);
            if (read.Failed)
            {
                return Failed(read.Failure, null);
            }

            found = read.Value!.FirstOrDefault(u => (connection is null || u.Connections.Contains(connection, StringComparer.Ordinal)) && Marked(u))
                ?? read.Value!.FirstOrDefault(u => connection is null || u.Connections.Contains(connection, StringComparer.Ordinal));
        }

        if (found is null)
        {
            return Outcome(dryRun ? RowAction.WouldSkip : RowAction.Skipped, target.UserId, UndoCheck.AlreadyDeleted);
        }

        if (!Marked(found))
        {
            return Outcome(dryRun ? RowAction.WouldSkip : RowAction.Skipped, found.UserId, NotInsertedByTheJob(found));
        }

        if (ChangedSince(found, target) is { } reason)
        {
            return Outcome(dryRun ? RowAction.WouldSkip : RowAction.Skipped, found.UserId, reason);
        }

        if (dryRun)
        {
            return Outcome(RowAction.WouldDelete, found.UserId);
        }

        if (stopping.IsCancellationRequested)
        {
            return Outcome(RowAction.Failed, found.UserId) with { ErrorCode = OktaRateLimitHandler.BudgetSpentCode, ErrorSummary = OktaRateLimitHandler.NotSentSummary("the job was stopped"), Retryable = true };
        }

        attempts++;
        var deleted = await auth0.DeleteUserAsync(found.UserId, metrics, cancellationToken);
        return deleted.Failed && deleted.Failure.Kind != Auth0FailureKind.NotFound
            ? Failed(deleted.Failure, found.UserId)
            : Outcome(RowAction.Deleted, found.UserId);
    }

    /// <summary>Whether the user carries the undone job's mark.</summary>
    private bool Marked(Auth0User user) => undoneJob is not null && string.Equals(user.FerryJob, undoneJob, StringComparison.Ordinal);

    private static string NotInsertedByTheJob(Auth0User user) =>
        user.FerryJob is null
            ? $"not inserted by the job (no app_metadata.{Auth0Ownership.Property})"
            : $"not inserted by the job (app_metadata.{Auth0Ownership.Property} names another job)";

    private static string? ChangedSince(Auth0User user, UndoTarget target)
    {
        var reasons = new List<string>();
        if (user.LoginsCount > 0 || user.LastLogin is not null)
        {
            reasons.Add(user.LastLogin is { } at ? $"logged in since the job (last_login {Format(at)})" : "logged in since the job");
        }
        else if (target.AsOf is { } asOf && user.UpdatedAt > asOf)
        {
            reasons.Add($"profile edited since the job (updated_at {Format(user.UpdatedAt.Value)}, after the job ended {Format(asOf)})");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
