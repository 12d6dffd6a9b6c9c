namespace Ferry.Core.Jobs;

/// <summary>The four kinds of bulk work Ferry runs from a CSV. Wire names: import, reactivate, assign-groups, update-profiles.</summary>
public enum JobKind
{
    /// <summary>Groups phase (find or create), users phase (create with groupIds), activation phase (optional).</summary>
    Import,

    /// <summary>A CSV of logins: PROVISIONED users are reactivated, others are skipped with their status.</summary>
    Reactivate,

    /// <summary>Existing users (by login) are added to the named groups.</summary>
    AssignGroups,

    /// <summary>Partial profile updates (default and custom attributes) for existing users.</summary>
    UpdateProfiles,
}
