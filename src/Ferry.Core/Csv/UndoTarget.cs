namespace Ferry.Core.Csv;

/// <summary>
/// What an undo row names: the user the source job created (by id; an Auth0 row whose id the source job never
/// learned names it by its email), the status the job left it in (null when not known, as
/// for Auth0) and when the job ended. A user that differs from this (status, a sign-in, an update after
/// <see cref="AsOf"/>) changed since the job and is left alone.
/// </summary>
public sealed record UndoTarget(string? UserId, string? Status, DateTimeOffset? AsOf);
