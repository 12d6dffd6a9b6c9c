namespace Ferry.Orchestration.Jobs;

/// <summary>The input to tag with the job and its final status (<c>Completed</c>, <c>Failed</c>, <c>Terminated</c>), and whether to delete it.</summary>
public sealed record FinishInput(string JobId, BlobRef Blob, string Status, bool Delete);
