using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Outcomes;
using Ferry.Orchestration.Storage;
using Ferry.Storage.Documents;

namespace Ferry.Storage;

/// <summary>The JSON Ferry writes to its state container: outcome lines, batch records, job documents, groups, line lists.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RowOutcome))]
[JsonSerializable(typeof(BatchRecord))]
[JsonSerializable(typeof(JobDocumentJson))]
[JsonSerializable(typeof(Ferry.Orchestration.Auth0.Auth0JobDocument))]
[JsonSerializable(typeof(GroupsPart))]
[JsonSerializable(typeof(Ferry.Orchestration.Rows.LiveBatch))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(List<Ferry.Core.Csv.RowRange>))]
[JsonSerializable(typeof(List<Ferry.Orchestration.Undo.UndoGroup>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
