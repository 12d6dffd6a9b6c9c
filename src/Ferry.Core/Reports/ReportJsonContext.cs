using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Core.Reports;

/// <summary>summary.json's serializer: camelCase, indented, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobSummary))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
