namespace Ferry.Orchestration.Jobs;

/// <summary>
/// The job orchestration's input (shown as <c>input</c> in the status): the pinned file, the options as given (never
/// a secret), and for a rerun-failed job the job it reruns and the blob listing the lines it runs again.
/// </summary>
public sealed record JobInput(BlobRef Blob, IReadOnlyDictionary<string, string> Options, string? RerunOf = null, string? LinesBlob = null);
