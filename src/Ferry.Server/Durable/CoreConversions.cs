using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using DtCore = DurableTask.Core;
using CoreEntities = DurableTask.Core.Entities;

namespace Ferry.Server.Durable;

/// <summary>
/// Translations between the Durable Task Framework's types (DurableTask.Core) and the Microsoft.DurableTask client's.
/// </summary>
internal static class CoreConversions
{
    /// <summary>The error type of a failure whose output does not name one.</summary>
    public const string UnknownErrorType = "(unknown)";

    // The statuses have the same numbers on both sides today; the switches name them anyway, so a reordering on
    // either side is a compile-visible change here rather than a silent mix-up.
    public static OrchestrationRuntimeStatus ToRuntimeStatus(this DtCore.OrchestrationStatus status)
    {
#pragma warning disable CS0618 // Canceled is obsolete on both sides but still has to round-trip.
        return status switch
        {
            DtCore.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
            DtCore.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
            DtCore.OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
            DtCore.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
            DtCore.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
            DtCore.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            DtCore.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
            DtCore.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
            _ => (OrchestrationRuntimeStatus)(int)status,
        };
#pragma warning restore CS0618
    }

    public static DtCore.OrchestrationStatus ToCoreStatus(this OrchestrationRuntimeStatus status)
    {
#pragma warning disable CS0618 // Canceled is obsolete on both sides but still has to round-trip.
        return status switch
        {
            OrchestrationRuntimeStatus.Running => DtCore.OrchestrationStatus.Running,
            OrchestrationRuntimeStatus.Completed => DtCore.OrchestrationStatus.Completed,
            OrchestrationRuntimeStatus.ContinuedAsNew => DtCore.OrchestrationStatus.ContinuedAsNew,
            OrchestrationRuntimeStatus.Failed => DtCore.OrchestrationStatus.Failed,
            OrchestrationRuntimeStatus.Canceled => DtCore.OrchestrationStatus.Canceled,
            OrchestrationRuntimeStatus.Terminated => DtCore.OrchestrationStatus.Terminated,
            OrchestrationRuntimeStatus.Pending => DtCore.OrchestrationStatus.Pending,
            OrchestrationRuntimeStatus.Suspended => DtCore.OrchestrationStatus.Suspended,
            _ => (DtCore.OrchestrationStatus)(int)status,
        };
#pragma warning restore CS0618
    }

    /// <summary>
    /// Parses <see cref="StartOrchestrationOptions.DedupeStatuses"/> (status names, any case) into the framework's
    /// statuses; null or empty means "no dedupe".
    /// </summary>
    public static DtCore.OrchestrationStatus[]? ToCoreDedupeStatuses(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return null;
        }

        var statuses = new DtCore.OrchestrationStatus[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(names[i], ignoreCase: true, out var status) ||
                !Enum.IsDefined(status))
            {
                throw new ArgumentException($"'{names[i]}' is not an orchestration runtime status.", nameof(names));
            }

            statuses[i] = status.ToCoreStatus();
        }

        return statuses;
    }

    public static TaskFailureDetails? ToTaskFailureDetails(this DtCore.FailureDetails? details) =>
        details is null
            ? null
            : new TaskFailureDetails(
                details.ErrorType,
                details.ErrorMessage,
                details.StackTrace,
                details.InnerFailure.ToTaskFailureDetails(),
                details.Properties);

    /// <summary>
    /// The failure of a Failed instance. The Azure Storage provider keeps no failure details in an instance's status
    /// row: it stores <c>FailureDetails.ToString()</c>, "ErrorType: ErrorMessage", as the output (the full details,
    /// with the stack trace and inner failures, are only in the history's ExecutionCompleted event). So the type and
    /// message are read back from that text.
    /// </summary>
    public static TaskFailureDetails? ToTaskFailureDetails(DtCore.OrchestrationState state)
    {
        if (state.FailureDetails is { } details)
        {
            return details.ToTaskFailureDetails();
        }

        if (state.OrchestrationStatus != DtCore.OrchestrationStatus.Failed || state.Output is not { } output)
        {
            return null;
        }

        var colon = output.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !output.AsSpan(0, colon).ContainsAny(" \t\r\n{\"")
            ? new TaskFailureDetails(output[..colon], output[(colon + 2)..], null, null, null)
            : new TaskFailureDetails(UnknownErrorType, output, null, null, null);
    }

    public static PurgeResult ToPurgeResult(this DtCore.PurgeResult result) =>
        new(result.DeletedInstanceCount, result.IsComplete);

    public static EntityInstanceId ToEntityInstanceId(this CoreEntities.EntityId id) => new(id.Name, id.Key);

    public static CoreEntities.EntityId ToCoreEntityId(this EntityInstanceId id) => new(id.Name, id.Key);

    /// <summary>
    /// The table store hands back <see cref="DateTimeKind.Utc"/> times, but a <see cref="DateTimeKind.Unspecified"/>
    /// one would otherwise be read as local time by <see cref="DateTimeOffset"/>'s conversion.
    /// </summary>
    public static DateTimeOffset AsUtc(this DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
