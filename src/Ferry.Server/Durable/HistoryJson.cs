using System.Reflection;
using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Ferry.Server.Durable;

/// <summary>
/// Reads the history dump that <c>AzureStorageOrchestrationService.GetOrchestrationHistoryAsync</c> returns: a JSON
/// array of history events written by Newtonsoft.Json with default settings, so without type names. Each event's
/// <c>EventType</c> says which class it is.
/// </summary>
internal static class HistoryJson
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new UninitializedObjectResolver(),
        DateParseHandling = DateParseHandling.DateTime,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    });

    public static int Count(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            ? document.RootElement.GetArrayLength()
            : throw new FormatException("The orchestration history is not a JSON array.");
    }

    public static IList<HistoryEvent> Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        var array = JArray.Load(reader);
        var events = new List<HistoryEvent>(array.Count);
        foreach (var token in array)
        {
            var item = (JObject)token;
            var type = ClassOf(ReadEventType(item));
            events.Add((HistoryEvent)item.ToObject(type, Serializer)!);
        }

        return events;
    }

    private static EventType ReadEventType(JObject item)
    {
        var value = item["EventType"] ?? throw new FormatException("A history event has no EventType.");
        return value.Type == JTokenType.String
            ? Enum.Parse<EventType>(value.Value<string>()!, ignoreCase: true)
            : (EventType)value.Value<int>();
    }

    private static Type ClassOf(EventType type) => type switch
    {
        EventType.ExecutionStarted => typeof(ExecutionStartedEvent),
        EventType.ExecutionCompleted or EventType.ExecutionFailed => typeof(ExecutionCompletedEvent),
        EventType.ExecutionTerminated => typeof(ExecutionTerminatedEvent),
        EventType.TaskScheduled => typeof(TaskScheduledEvent),
        EventType.TaskCompleted => typeof(TaskCompletedEvent),
        EventType.TaskFailed => typeof(TaskFailedEvent),
        EventType.SubOrchestrationInstanceCreated => typeof(SubOrchestrationInstanceCreatedEvent),
        EventType.SubOrchestrationInstanceCompleted => typeof(SubOrchestrationInstanceCompletedEvent),
        EventType.SubOrchestrationInstanceFailed => typeof(SubOrchestrationInstanceFailedEvent),
        EventType.TimerCreated => typeof(TimerCreatedEvent),
        EventType.TimerFired => typeof(TimerFiredEvent),
        EventType.OrchestratorStarted => typeof(OrchestratorStartedEvent),
        EventType.OrchestratorCompleted => typeof(OrchestratorCompletedEvent),
        EventType.EventSent => typeof(EventSentEvent),
        EventType.EventRaised => typeof(EventRaisedEvent),
        EventType.ContinueAsNew => typeof(ContinueAsNewEvent),
        EventType.GenericEvent => typeof(GenericEvent),
        EventType.HistoryState => typeof(HistoryStateEvent),
        EventType.ExecutionSuspended => typeof(ExecutionSuspendedEvent),
        EventType.ExecutionResumed => typeof(ExecutionResumedEvent),
        EventType.ExecutionRewound => typeof(ExecutionRewoundEvent),
        _ => throw new FormatException($"Unknown history event type {type}."),
    };

    /// <summary>
    /// History event classes have no public parameterless constructor (and several have more than one with
    /// parameters), so Newtonsoft.Json cannot pick one: start from an uninitialized object and fill the
    /// <c>[DataMember]</c> properties, as the framework's own storage readers do.
    /// </summary>
    private sealed class UninitializedObjectResolver : DefaultContractResolver
    {
        protected override JsonObjectContract CreateObjectContract(Type objectType)
        {
            var contract = base.CreateObjectContract(objectType);
            if (typeof(HistoryEvent).IsAssignableFrom(objectType) && !objectType.IsAbstract)
            {
                contract.DefaultCreator = () => RuntimeHelpers.GetUninitializedObject(objectType);
                contract.DefaultCreatorNonPublic = false;
                contract.OverrideCreator = null;
                contract.CreatorParameters.Clear();
            }

            return contract;
        }

        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);

            // [DataMember] properties with private setters are filled too.
            if (!property.Writable && member is PropertyInfo { SetMethod: not null })
            {
                property.Writable = true;
            }

            return property;
        }
    }
}
