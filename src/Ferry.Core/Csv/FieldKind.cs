namespace Ferry.Core.Csv;

/// <summary>What a CSV column feeds.</summary>
public enum FieldKind
{
    /// <summary>An Okta profile attribute (default or custom); <see cref="CsvColumn.Attribute"/> names it exactly.</summary>
    Profile,

    /// <summary>A plain password (never logged, never reported).</summary>
    Password,

    HashAlgorithm,
    HashValue,
    Salt,
    SaltOrder,
    WorkFactor,
    IterationCount,
    KeySize,
    DigestAlgorithm,

    /// <summary>Group names separated by ';' or '|', or by ',' when neither appears in the cell.</summary>
    GroupNames,

    /// <summary>Okta group ids, separated the same way.</summary>
    GroupIds,

    /// <summary>Undo jobs: the id of the user the source job created (Okta's <c>00u…</c>, Auth0's <c>auth0|…</c>).</summary>
    UserId,

    /// <summary>Undo jobs: the user's status as the source job left it.</summary>
    Status,

    /// <summary>Undo jobs: when the source job ended (ISO 8601): a user updated after it changed since the job.</summary>
    AsOf,

    /// <summary>A recognised column this job kind does not use (e.g. firstName in a reactivate job), or an unknown column the options allow.</summary>
    Ignored,
}
