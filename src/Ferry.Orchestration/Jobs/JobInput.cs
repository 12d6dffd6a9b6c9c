namespace Ferry.Orchestration.Jobs;

/// <summary>
/// The job orchestration's input (shown as <c>input</c> in the status): the pinned file, the options as given (never
/// a secret), for a rerun-failed job the job it reruns and the blob listing the lines it runs again (or, when the job it
/// reruns stopped before it reached every row, the blob listing the rows it skips: those that job did), and for an undo
/// job the job it undoes (its <see cref="Blob"/> is then the file of that job's users Ferry wrote).
/// </summary>
public sealed record JobInput(
    BlobRef Blob,
    IReadOnlyDictionary<string, string> Options,
    string? RerunOf = null,
    string? LinesBlob = null,
    string? UndoOf = null,
    string? SkipBlob = null);
