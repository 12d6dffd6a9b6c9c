namespace Ferry.Core.Auth0Api;

/// <summary>What Ferry reads of an Auth0 user: its id, email, when it was created, and its database connections.</summary>
public sealed record Auth0User(string UserId, string? Email, DateTimeOffset? CreatedAt, IReadOnlyList<string> Connections)
{
    /// <summary>When the user was last updated (an edit, a password change).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the user last signed in; null when never.</summary>
    public DateTimeOffset? LastLogin { get; init; }

    public int LoginsCount { get; init; }
}
