using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace Ferry.Server.Durable;

/// <summary>How orchestration inputs, outputs, custom statuses and events are serialized, by the worker and the client alike.</summary>
public static class DurableData
{
    public static DataConverter Converter { get; } = JsonDataConverter.Default;
}
