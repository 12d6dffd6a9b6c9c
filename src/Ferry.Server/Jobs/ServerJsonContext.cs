using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Outcomes;

namespace Ferry.Server.Jobs;

/// <summary>Outcome batches are JSON lines of <see cref="RowOutcome"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RowOutcome))]
[JsonSerializable(typeof(List<int>))]
public sealed partial class ServerJsonContext : JsonSerializerContext;
