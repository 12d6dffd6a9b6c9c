using System.ComponentModel.DataAnnotations;

namespace Ferry.Server.Durable;

/// <summary>
/// The self-host's Durable Task worker on the Azure Storage provider (<c>Ferry:Durable:*</c>): the task hub, and the
/// timings that make it react like a service rather than a batch system. The provider's defaults (5 minutes before a
/// lost node's messages reappear, up to 30 s between polls of an idle queue, 10 activities at once) suit long,
/// idle-heavy workflows; Ferry's are chosen so that a dropped file starts within seconds, a restarted node carries on
/// within a minute, and a node survives its partner's loss. See docs/configuration.md.
/// </summary>
public sealed class DurableOptions
{
    public const string SectionName = "Ferry:Durable";

    /// <summary>The task hub: letters and digits only. Every node of one Ferry shares it; its tables, queues and blob container carry its name.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "Ferry:Durable:TaskHub must be 3-45 letters and digits, starting with a letter.")]
    public string TaskHub { get; set; } = "ferry";

    /// <summary>Control-queue partitions: how many nodes can share the orchestrations (activities are shared by all nodes regardless).</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 2;

    /// <summary>
    /// This node's name in the partition leases. Stable across restarts (a restarted node takes its partitions back at
    /// once); different for every node. Default: the machine name and the HTTP port.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>The longest pause between polls of an idle queue; a message sent by this node wakes its own poller at once.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an orchestration's dequeued messages stay hidden (renewed every 5 s while its work item runs): after a
    /// crash, they reappear this much later.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a running activity's message stays hidden: DurableTask.Core renews it every 5 s while the activity runs
    /// (so 15 s leaves 10 s for a stalled renewal), and a lost node's batch runs again this much later.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a partition lease lasts without renewal: a lost node's partitions move to another after this.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a node renews its partition leases and looks for leases to take.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Activities at once on this node (batches waiting for their paced slots count: most are idle).</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 32;

    /// <summary>Orchestration and entity work items at once on this node.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Keep an orchestration in memory between its episodes (no history reload and replay each time).</summary>
    public bool ExtendedSessions { get; set; } = true;

    /// <summary>
    /// How long a stopping node waits for its work in progress (running batches stop sending at once) to be handed back
    /// and its partition leases released; then it stops without waiting. What it had not handed back is redone as after
    /// a crash. The process exits within this and <see cref="ForcedShutdownTimeout"/>.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After <see cref="ShutdownTimeout"/>, how long a forced stop (storage unreachable, say) may take before the node gives up on it.</summary>
    public TimeSpan ForcedShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
