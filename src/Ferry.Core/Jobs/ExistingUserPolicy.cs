namespace Ferry.Core.Jobs;

/// <summary>What an import does with a row whose login already exists in Okta. Wire names: skip, add-groups, update, fail.</summary>
public enum ExistingUserPolicy
{
    /// <summary>Leave the user alone; the row is reported <c>skipped</c>.</summary>
    Skip,

    /// <summary>Add the user to the row's groups; the row is reported <c>existing</c> (the default).</summary>
    AddGroups,

    /// <summary>Apply the row's profile attributes and groups; the row is reported <c>updated</c>.</summary>
    Update,

    /// <summary>Report the row <c>failed</c> with Okta's duplicate-login error.</summary>
    Fail,
}
