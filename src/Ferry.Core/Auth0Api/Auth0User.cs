namespace Ferry.Core.Auth0Api;

/// <summary>What Ferry reads of an Auth0 user: its id, email, when it was created, its database connections, and which Ferry job inserted it.</summary>
public sealed record Auth0User(string UserId, string? Email, DateTimeOffset? CreatedAt, IReadOnlyList<string> Connections)
{
    /// <summary>When the user was last updated (an edit, a password change).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the user last signed in; null when never.</summary>
    public DateTimeOffset? LastLogin { get; init; }

    public int LoginsCount { get; init; }

    /// <summary>The Ferry job that inserted the user: its <c>app_metadata.ferry_job</c> (<see cref="Auth0.Auth0Ownership"/>); null when none did.</summary>
    public string? FerryJob { get; init; }
}
