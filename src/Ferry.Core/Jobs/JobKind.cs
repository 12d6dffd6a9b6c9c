namespace Ferry.Core.Jobs;

/// <summary>The kinds of bulk work Ferry runs from a CSV. Wire names: import, reactivate, assign-groups, update-profiles, undo.</summary>
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

    /// <summary>
    /// Undoes a finished job (started by <c>POST /api/migrations/{id}/undo</c> only): the users it created are deleted,
    /// unless they changed since; its input is a file Ferry writes from the source job's outcomes.
    /// </summary>
    Undo,
}
