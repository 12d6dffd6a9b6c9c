namespace Ferry.Core.Outcomes;

/// <summary>What happened to a row (the <c>action</c> column of results.csv).</summary>
public static class RowAction
{
    public const string Created = "created";
    public const string Existing = "existing";
    public const string Updated = "updated";
    public const string Assigned = "assigned";
    public const string Activated = "activated";
    public const string Reactivated = "reactivated";

    /// <summary>Undo: the user (deactivated, then deleted) or the group is gone.</summary>
    public const string Deleted = "deleted";
    public const string Skipped = "skipped";
    public const string Invalid = "invalid";
    public const string Failed = "failed";

    /// <summary>The job stopped (terminated) before the row was sent: a rerun of the job runs it.</summary>
    public const string NotAttempted = "not-attempted";

    public const string WouldCreate = "would-create";
    public const string WouldAddGroups = "would-add-groups";
    public const string WouldUpdate = "would-update";
    public const string WouldAssign = "would-assign";
    public const string WouldActivate = "would-activate";
    public const string WouldReactivate = "would-reactivate";
    public const string WouldSkip = "would-skip";
    public const string WouldFail = "would-fail";
    public const string WouldDelete = "would-delete";

    public static IReadOnlyList<string> All { get; } =
    [
        Created, Existing, Updated, Assigned, Activated, Reactivated, Deleted, Skipped, Invalid, Failed, NotAttempted,
        WouldCreate, WouldAddGroups, WouldUpdate, WouldAssign, WouldActivate, WouldReactivate, WouldDelete, WouldSkip, WouldFail,
    ];
}
