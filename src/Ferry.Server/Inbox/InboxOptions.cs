namespace Ferry.Server.Inbox;

/// <summary>The inbox watcher (<c>Ferry:Inbox:*</c>).</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Ferry:Inbox";

    /// <summary>Whether this node polls the inbox (Event Grid can replace polling on Azure).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the inbox is listed for new or changed <c>*.csv</c> blobs (a dropped file starts within about this long).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
