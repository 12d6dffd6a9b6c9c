namespace Ferry.Sandbox.Directory;

/// <summary>
/// A user as the sandbox stores it: an immutable snapshot replaced on every change, so a reader never sees a
/// half-applied update. The profile is kept as UTF-8 JSON (compact for a million users); passwords, hashes and
/// recovery answers are never stored, only the fact that a credential exists.
/// </summary>
public sealed record DirectoryUser
{
    public required string Id { get; init; }

    /// <summary>Creation order; the position used by list paging.</summary>
    public required int Seq { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    public DateTimeOffset? Activated { get; init; }

    public DateTimeOffset? StatusChanged { get; init; }

    public DateTimeOffset? PasswordChanged { get; init; }

    /// <summary>When the user last signed in (set by the inspection API's simulated sign-in); null when never.</summary>
    public DateTimeOffset? LastLogin { get; init; }

    public required string TypeId { get; init; }

    public required byte[] ProfileJson { get; init; }

    public required string Login { get; init; }

    public required string Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public bool HasPassword { get; init; }

    public required string ProviderType { get; init; }

    public required string ProviderName { get; init; }

    public string? RecoveryQuestion { get; init; }

    public int ActivationEmails { get; init; }

    public int ReactivationEmails { get; init; }
}
