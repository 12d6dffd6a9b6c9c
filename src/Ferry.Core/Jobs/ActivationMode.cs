namespace Ferry.Core.Jobs;

/// <summary>What an import does after creating users. Wire names: none, activate, activate-with-email.</summary>
public enum ActivationMode
{
    /// <summary>Users stay STAGED: nobody is emailed (the default: no surprises).</summary>
    None,

    /// <summary>Users are activated without email: with a password or hash they become ACTIVE, without one PROVISIONED.</summary>
    Activate,

    /// <summary>Users are activated and Okta emails an activation link to those without a password.</summary>
    ActivateWithEmail,
}
