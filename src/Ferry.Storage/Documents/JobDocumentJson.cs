using Ferry.Orchestration.Jobs;

namespace Ferry.Storage.Documents;

/// <summary>A <see cref="Orchestration.Storage.JobDocument"/> as stored: the plan in its JSON form.</summary>
internal sealed record JobDocumentJson(PlanState Plan, Dictionary<string, string> Options, DateTimeOffset StartedAt, BlobRef Input, List<int>? Lines)
{
    public string? UndoOf { get; init; }

    public List<Ferry.Core.Csv.RowRange>? Skip { get; init; }
}
