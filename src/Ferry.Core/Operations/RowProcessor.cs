using Ferry.Core.Csv;
using Ferry.Core.Jobs;
using Ferry.Core.Okta;
using Ferry.Core.Okta.Json;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Operations;

/// <summary>
/// Turns one row into Okta calls and one <see cref="RowOutcome"/>, for every job kind. Creates are idempotent: a
/// duplicate-login answer after a retried or resumed create is resolved by looking the user up, and a user this job
/// created (created after the job started, with the row's profile) is reported <c>created</c>, never created twice.
/// Stateless between rows, so rows run in parallel and a crashed run can simply process a row again.
/// </summary>
public sealed class RowProcessor(OktaClient okta, JobContext job, TimeProvider time)
{
    /// <summary>Okta allows at most this many group ids on a create; the rest are added one by one.</summary>
    public const int MaxGroupIdsOnCreate = 20;

    private const int LookupAttempts = 4;
    private static readonly TimeSpan LookupDelay = TimeSpan.FromMilliseconds(500);

    private JobOptions Options => job.Options;

    /// <summary>The row's main step: create, reactivate, assign or update (or the dry-run look-up).</summary>
    public async Task<RowOutcome> ProcessAsync(ParsedRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.User is not { } user)
        {
            return new RowOutcome(row.Row, row.Line, row.Login, row.Email, RowAction.Invalid, null, null, [], RowErrorCodes.Invalid, row.Error?.ToString(), row.Error?.Column, 0);
        }

        var attempts = new Attempts();
        return Options.Kind switch
        {
            JobKind.Import => await ImportAsync(user, attempts, cancellationToken),
            JobKind.Reactivate => await ReactivateAsync(user, attempts, cancellationToken),
            JobKind.AssignGroups => await AssignGroupsAsync(user, attempts, cancellationToken),
            JobKind.UpdateProfiles => await UpdateProfileAsync(user, attempts, cancellationToken),
            JobKind.Undo => await UndoAsync(user, attempts, cancellationToken),
            _ => throw new InvalidOperationException($"unknown job kind {Options.Kind}"),
        };
    }

    /// <summary>Whether an import row's outcome still needs the activation phase.</summary>
    public bool NeedsActivation(RowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Options.Kind == JobKind.Import && Options.Activation != ActivationMode.None
            && outcome.Action is RowAction.Created or RowAction.WouldCreate
            && (outcome.Status is "STAGED" || outcome.Action == RowAction.WouldCreate)
            && (outcome.ErrorCode is null || outcome.Retryable);
    }

    /// <summary>The activation phase for a user this job created.</summary>
    public async Task<RowOutcome> ActivateAsync(UserRow row, RowOutcome created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(created);
        if (Options.DryRun)
        {
            return created with { Action = RowAction.WouldActivate };
        }

        var attempts = new Attempts(created.Attempts);
        var sendEmail = Options.Activation == ActivationMode.ActivateWithEmail;
        var activated = attempts.Track(await okta.ActivateAsync(created.UserId!, sendEmail, cancellationToken));
        if (!activated.Failed)
        {
            var status = row.Password is null ? "PROVISIONED" : "ACTIVE";
            return created with { Action = RowAction.Activated, Status = status, Attempts = attempts.Count, ErrorCode = null, ErrorSummary = null, Retryable = false };
        }

        var failure = activated.Failure;
        Unauthorized(failure);
        if (failure.ErrorCode is "E0000016" or "E0000038")
        {
            // Already active, or already past STAGED: a retried activation that had worked. Confirm the status.
            var user = attempts.Track(await okta.GetUserAsync(created.UserId!, cancellationToken));
            if (!user.Failed && user.Value!.Status is "ACTIVE" or "PROVISIONED" or "PASSWORD_EXPIRED")
            {
                return created with { Action = RowAction.Activated, Status = user.Value.Status, Attempts = attempts.Count, ErrorCode = null, ErrorSummary = null, Retryable = false };
            }
        }

        return created with { Attempts = attempts.Count, ErrorCode = Code(failure), ErrorSummary = $"activation failed: {failure.Describe()}", Retryable = failure.IsRetryable };
    }

    private async Task<RowOutcome> ImportAsync(UserRow row, Attempts attempts, CancellationToken cancellationToken)
    {
        var groups = ResolveGroups(row, out var groupProblem);
        if (groupProblem is not null)
        {
            return Outcome(row, RowAction.Failed, attempts) with { ErrorCode = groupProblem.ErrorCode, ErrorSummary = groupProblem.ErrorSummary };
        }

        if (Options.DryRun)
        {
            var found = attempts.Track(await okta.GetUserAsync(row.Login, cancellationToken));
            if (found.Failed && found.Failure.Kind == OktaFailureKind.NotFound)
            {
                return Outcome(row, RowAction.WouldCreate, attempts) with { Groups = groups.Labels };
            }

            if (found.Failed)
            {
                return Failed(row, found.Failure, attempts);
            }

            var would = Options.ExistingUsers switch
            {
                ExistingUserPolicy.Skip => RowAction.WouldSkip,
                ExistingUserPolicy.AddGroups => RowAction.WouldAddGroups,
                ExistingUserPolicy.Update => RowAction.WouldUpdate,
                _ => RowAction.WouldFail,
            };
            return Outcome(row, would, attempts) with { UserId = found.Value!.Id, Status = found.Value.Status, Groups = would is RowAction.WouldSkip or RowAction.WouldFail ? [] : groups.Labels };
        }

        var expire = Options.ExpirePasswordOnFirstLogin && Options.Activation != ActivationMode.None && row.Password is not null;
        var body = new CreateUserBody(ProfileOf(row), CredentialsOf(row.Password), groups.Ids.Count == 0 ? null : groups.Ids.Take(MaxGroupIdsOnCreate).ToList());
        var create = attempts.Track(await okta.CreateUserAsync(body, activate: expire, expirePassword: expire, cancellationToken));
        if (!create.Failed)
        {
            return await AddRemainingGroupsAsync(row, create.Value!, groups, skip: MaxGroupIdsOnCreate, RowAction.Created, attempts, cancellationToken);
        }

        var failure = create.Failure;
        Unauthorized(failure);
        if (!failure.IsDuplicateLogin)
        {
            return Failed(row, failure, attempts);
        }

        var lookup = await LookupAfterDuplicateAsync(row.Login, attempts, cancellationToken);
        if (lookup.Failed)
        {
            return Failed(row, lookup.Failure, attempts);
        }

        var existing = lookup.Value!;
        if (CreatedByThisJob(existing, row))
        {
            // A create of ours that Okta applied but whose answer we never saw (dropped connection, crash, retry).
            return await AddRemainingGroupsAsync(row, existing, groups, skip: MaxGroupIdsOnCreate, RowAction.Created, attempts, cancellationToken);
        }

        switch (Options.ExistingUsers)
        {
            case ExistingUserPolicy.Skip:
                return Outcome(row, RowAction.Skipped, attempts) with { UserId = existing.Id, Status = existing.Status };
            case ExistingUserPolicy.AddGroups:
                return await AddRemainingGroupsAsync(row, existing, groups, skip: 0, RowAction.Existing, attempts, cancellationToken);
            case ExistingUserPolicy.Update:
                var updated = attempts.Track(await okta.UpdateProfileAsync(existing.Id, UpdateProfileOf(row), cancellationToken));
                if (updated.Failed)
                {
                    Unauthorized(updated.Failure);
                    return Failed(row, updated.Failure, attempts) with { UserId = existing.Id, Status = existing.Status };
                }

                return await AddRemainingGroupsAsync(row, updated.Value!, groups, skip: 0, RowAction.Updated, attempts, cancellationToken);
            default:
                return Outcome(row, RowAction.Failed, attempts) with
                {
                    UserId = existing.Id,
                    Status = existing.Status,
                    ErrorCode = failure.ErrorCode,
                    ErrorSummary = $"login already exists in Okta (user {existing.Id}) and existingUsers is fail",
                };
        }
    }

    private async Task<RowOutcome> ReactivateAsync(UserRow row, Attempts attempts, CancellationToken cancellationToken)
    {
        var found = attempts.Track(await okta.GetUserAsync(row.Login, cancellationToken));
        if (found.Failed)
        {
            return NotFoundOrFailed(row, found.Failure, attempts);
        }

        var user = found.Value!;
        if (user.Status != "PROVISIONED")
        {
            return Outcome(row, Options.DryRun ? RowAction.WouldSkip : RowAction.Skipped, attempts) with
            {
                UserId = user.Id,
                Status = user.Status,
                ErrorSummary = $"status is {user.Status}; only PROVISIONED users are reactivated",
            };
        }

        if (Options.DryRun)
        {
            return Outcome(row, RowAction.WouldReactivate, attempts) with { UserId = user.Id, Status = user.Status };
        }

        var reactivated = attempts.Track(await okta.ReactivateAsync(user.Id, Options.SendEmail, cancellationToken));
        if (!reactivated.Failed)
        {
            return Outcome(row, RowAction.Reactivated, attempts) with { UserId = user.Id, Status = "PROVISIONED" };
        }

        Unauthorized(reactivated.Failure);
        if (reactivated.Failure.ErrorCode == "E0000038")
        {
            // The user left PROVISIONED between the look-up and the reactivation.
            var again = attempts.Track(await okta.GetUserAsync(user.Id, cancellationToken));
            var status = again.Failed ? null : again.Value!.Status;
            return Outcome(row, RowAction.Skipped, attempts) with { UserId = user.Id, Status = status, ErrorSummary = $"status is {status}; only PROVISIONED users are reactivated" };
        }

        return Failed(row, reactivated.Failure, attempts) with { UserId = user.Id, Status = user.Status };
    }

    /// <summary>
    /// Undo: the user the source job created is deactivated (unless DEPROVISIONED) and deleted — unless it changed since
    /// the job (<see cref="UndoCheck"/>): then it is left alone and reported <c>skipped</c> with the reason. A user
    /// already gone is <c>skipped</c> too. A retried row finds the user it deactivated itself and goes on.
    /// </summary>
    private async Task<RowOutcome> UndoAsync(UserRow row, Attempts attempts, CancellationToken cancellationToken)
    {
        if (row.Undo is not { UserId: not null } target)
        {
            return Outcome(row, Options.DryRun ? RowAction.WouldSkip : RowAction.Skipped, attempts) with { ErrorSummary = "the job did not record the user's id" };
        }

        var found = attempts.Track(await okta.GetUserAsync(target.UserId, cancellationToken));
        if (found.Failed)
        {
            return found.Failure.Kind == OktaFailureKind.NotFound
                ? Outcome(row, Options.DryRun ? RowAction.WouldSkip : RowAction.Skipped, attempts) with { UserId = target.UserId, ErrorSummary = UndoCheck.AlreadyDeleted }
                : Failed(row, found.Failure, attempts) with { UserId = target.UserId };
        }

        var user = found.Value!;
        if (UndoCheck.ChangedSince(user, target, job.StartedAt) is { } reason)
        {
            return Outcome(row, Options.DryRun ? RowAction.WouldSkip : RowAction.Skipped, attempts) with { UserId = user.Id, Status = user.Status, ErrorSummary = reason };
        }

        if (Options.DryRun)
        {
            return Outcome(row, RowAction.WouldDelete, attempts) with { UserId = user.Id, Status = user.Status };
        }

        if (user.Status != UndoCheck.Deprovisioned)
        {
            // Okta deletes only a DEPROVISIONED user (a DELETE on any other only deactivates it).
            var deactivated = attempts.Track(await okta.DeactivateAsync(user.Id, cancellationToken));
            if (deactivated.Failed && deactivated.Failure.Kind == OktaFailureKind.NotFound)
            {
                return Outcome(row, RowAction.Skipped, attempts) with { UserId = user.Id, ErrorSummary = UndoCheck.AlreadyDeleted };
            }

            if (deactivated.Failed)
            {
                return Failed(row, deactivated.Failure, attempts) with { UserId = user.Id, Status = user.Status };
            }
        }

        var deleted = attempts.Track(await okta.DeleteUserAsync(user.Id, cancellationToken));
        if (deleted.Failed && deleted.Failure.Kind != OktaFailureKind.NotFound)
        {
            // Deactivated but not deleted: a retry finds it DEPROVISIONED by this job and deletes it.
            return Failed(row, deleted.Failure, attempts) with { UserId = user.Id, Status = UndoCheck.Deprovisioned };
        }

        // A 404 here is a delete whose answer was lost and that was sent again: the user is gone either way.
        return Outcome(row, RowAction.Deleted, attempts) with { UserId = user.Id };
    }

    private async Task<RowOutcome> AssignGroupsAsync(UserRow row, Attempts attempts, CancellationToken cancellationToken)
    {
        var groups = ResolveGroups(row, out var groupProblem);
        if (groupProblem is not null)
        {
            return Outcome(row, RowAction.Failed, attempts) with { ErrorCode = groupProblem.ErrorCode, ErrorSummary = groupProblem.ErrorSummary };
        }

        var found = attempts.Track(await okta.GetUserAsync(row.Login, cancellationToken));
        if (found.Failed)
        {
            return NotFoundOrFailed(row, found.Failure, attempts);
        }

        if (Options.DryRun)
        {
            return Outcome(row, RowAction.WouldAssign, attempts) with { UserId = found.Value!.Id, Status = found.Value.Status, Groups = groups.Labels };
        }

        return await AddRemainingGroupsAsync(row, found.Value!, groups, skip: 0, RowAction.Assigned, attempts, cancellationToken);
    }

    private async Task<RowOutcome> UpdateProfileAsync(UserRow row, Attempts attempts, CancellationToken cancellationToken)
    {
        if (Options.DryRun)
        {
            var found = attempts.Track(await okta.GetUserAsync(row.Login, cancellationToken));
            return found.Failed
                ? NotFoundOrFailed(row, found.Failure, attempts)
                : Outcome(row, RowAction.WouldUpdate, attempts) with { UserId = found.Value!.Id, Status = found.Value.Status };
        }

        var updated = attempts.Track(await okta.UpdateProfileAsync(row.Login, UpdateProfileOf(row), cancellationToken));
        return updated.Failed
            ? NotFoundOrFailed(row, updated.Failure, attempts)
            : Outcome(row, RowAction.Updated, attempts) with { UserId = updated.Value!.Id, Status = updated.Value.Status };
    }

    /// <summary>Adds the user to the row's groups after the first <paramref name="skip"/> (those went with the create).</summary>
    private async Task<RowOutcome> AddRemainingGroupsAsync(
        UserRow row,
        OktaUser user,
        RowGroups groups,
        int skip,
        string action,
        Attempts attempts,
        CancellationToken cancellationToken)
    {
        var added = new List<string>(groups.Labels.Take(skip));
        OktaFailure? firstFailure = null;
        for (var i = skip; i < groups.Ids.Count; i++)
        {
            var membership = attempts.Track(await okta.AddMemberAsync(groups.Ids[i], user.Id, cancellationToken));
            if (membership.Failed)
            {
                Unauthorized(membership.Failure);
                firstFailure ??= membership.Failure;
            }
            else
            {
                added.Add(groups.Labels[i]);
            }
        }

        var outcome = Outcome(row, action, attempts) with { UserId = user.Id, Status = user.Status, Groups = added };
        if (firstFailure is null)
        {
            return outcome;
        }

        if (added.Count == 0 && action == RowAction.Assigned)
        {
            return Failed(row, firstFailure, attempts) with { UserId = user.Id, Status = user.Status };
        }

        return outcome with { ErrorCode = Code(firstFailure), ErrorSummary = $"not added to every group: {firstFailure.Describe()}", Retryable = firstFailure.IsRetryable };
    }

    /// <summary>After a duplicate-login answer: find the user, waiting out Okta's read-after-write lag on a 404.</summary>
    private async Task<OktaResult<OktaUser>> LookupAfterDuplicateAsync(string login, Attempts attempts, CancellationToken cancellationToken)
    {
        OktaResult<OktaUser> found = default;
        for (var i = 0; i < LookupAttempts; i++)
        {
            found = attempts.Track(await okta.GetUserAsync(login, cancellationToken));
            if (!found.Failed || found.Failure.Kind != OktaFailureKind.NotFound)
            {
                break;
            }

            await Task.Delay(LookupDelay * (i + 1), time, cancellationToken);
        }

        if (found.Failed)
        {
            Unauthorized(found.Failure);
            if (found.Failure.Kind == OktaFailureKind.NotFound)
            {
                // Okta says the login exists but will not show it yet: worth another try later.
                return found with { Failure = found.Failure with { Kind = OktaFailureKind.Transient, Summary = "login reported as existing but not readable yet" } };
            }
        }

        return found;
    }

    private bool CreatedByThisJob(OktaUser user, UserRow row) =>
        user.Created >= job.StartedAt - JobContext.ClockSkewAllowance
        && Same(user.ProfileText("email"), row.Email ?? row.Login)
        && Same(user.ProfileText("firstName"), row.Profile.GetValueOrDefault("firstName"))
        && Same(user.ProfileText("lastName"), row.Profile.GetValueOrDefault("lastName"));

    private RowGroups ResolveGroups(UserRow row, out ResolvedGroup? problem)
    {
        problem = null;
        var ids = new List<string>();
        var labels = new List<string>();
        foreach (var name in row.GroupNames)
        {
            var group = job.Groups[name];
            if (group.AlreadyImplied)
            {
                continue;
            }

            if (group.Id is null && !group.WouldCreate)
            {
                problem = group;
                return new RowGroups([], []);
            }

            var id = group.Id ?? $"(new group {name})";
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
                labels.Add(name);
            }
        }

        foreach (var id in row.GroupIds)
        {
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
                labels.Add(id);
            }
        }

        return new RowGroups(ids, labels);
    }

    private static Dictionary<string, string> ProfileOf(UserRow row) =>
        new(row.Profile, StringComparer.Ordinal) { ["login"] = row.Login };

    /// <summary>An update never renames: the login is how the user was found.</summary>
    private static Dictionary<string, string> UpdateProfileOf(UserRow row)
    {
        var profile = new Dictionary<string, string>(row.Profile, StringComparer.Ordinal);
        profile.Remove("login");
        return profile;
    }

    private static CredentialsBody? CredentialsOf(PasswordInput? password) => password switch
    {
        PlainPassword plain => new CredentialsBody(new PasswordBody(plain.Value, null)),
        HashedPassword hash => new CredentialsBody(new PasswordBody(
            null,
            new PasswordHashBody(hash.Algorithm, hash.Value, hash.Salt, hash.SaltOrder, hash.WorkFactor, hash.IterationCount, hash.KeySize, hash.DigestAlgorithm))),
        _ => null,
    };

    private static RowOutcome Outcome(UserRow row, string action, Attempts attempts) =>
        new(row.Row, row.Line, row.Login, row.Email, action, null, null, [], null, null, null, attempts.Count);

    private static RowOutcome Failed(UserRow row, OktaFailure failure, Attempts attempts)
    {
        Unauthorized(failure);
        return Outcome(row, RowAction.Failed, attempts) with
        {
            ErrorCode = Code(failure),
            ErrorSummary = failure.Describe(Secrets(row.Password)),
            Retryable = failure.IsRetryable,
        };
    }

    /// <summary>What a row's request may carry that a report must never quote back.</summary>
    private static IEnumerable<string?> Secrets(PasswordInput? password) => password switch
    {
        PlainPassword plain => [plain.Value],
        HashedPassword hash => [hash.Value, hash.Salt],
        _ => [],
    };

    private static RowOutcome NotFoundOrFailed(UserRow row, OktaFailure failure, Attempts attempts) =>
        failure.Kind == OktaFailureKind.NotFound
            ? Outcome(row, RowAction.Failed, attempts) with { ErrorCode = RowErrorCodes.UserNotFound, ErrorSummary = $"no Okta user has the login '{row.Login}'" }
            : Failed(row, failure, attempts);

    private static string Code(OktaFailure failure) => failure.Kind switch
    {
        OktaFailureKind.Transient => RowErrorCodes.Transient,
        OktaFailureKind.Throttled => RowErrorCodes.Throttled,
        _ => failure.ErrorCode ?? $"HTTP{failure.StatusCode}",
    };

    private static bool Same(string? okta, string? row) =>
        row is null || string.Equals(okta?.Trim(), row.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Refused credentials or a missing scope are not a row's failure: the whole job stops (the one exception this class throws).</summary>
    private static void Unauthorized(OktaFailure failure)
    {
        if (failure.IsFatal)
        {
            throw new OktaUnauthorizedException(failure);
        }
    }

    private sealed record RowGroups(IReadOnlyList<string> Ids, IReadOnlyList<string> Labels);

    /// <summary>Sums the HTTP attempts of a row's calls.</summary>
    private sealed class Attempts(int start = 0)
    {
        public int Count { get; private set; } = start;

        public OktaResult<T> Track<T>(OktaResult<T> result)
        {
            Count += result.Attempts;
            return result;
        }
    }
}
