namespace Ferry.Sandbox.Users;

/// <summary>What the sandbox keeps of a credential: that it exists and who validates it, never its value.</summary>
public sealed record NewUserCredentials(bool HasPassword, string ProviderType, string ProviderName, string? RecoveryQuestion)
{
    public static NewUserCredentials None { get; } = new(false, "OKTA", "OKTA", null);

    /// <summary>Users whose password lives elsewhere (federation, social) need no activation email.</summary>
    public bool IsExternalProvider => ProviderType is "FEDERATION" or "SOCIAL" or "ACTIVE_DIRECTORY" or "LDAP";
}
