namespace Ferry.Sandbox.Directory;

/// <summary>Okta's <c>UserStatus</c> values.</summary>
public static class UserStatus
{
    public const string Staged = "STAGED";
    public const string Provisioned = "PROVISIONED";
    public const string Active = "ACTIVE";
    public const string Recovery = "RECOVERY";
    public const string PasswordExpired = "PASSWORD_EXPIRED";
    public const string LockedOut = "LOCKED_OUT";
    public const string Suspended = "SUSPENDED";
    public const string Deprovisioned = "DEPROVISIONED";

    public static IReadOnlyList<string> All { get; } =
        [Staged, Provisioned, Active, Recovery, PasswordExpired, LockedOut, Suspended, Deprovisioned];
}
