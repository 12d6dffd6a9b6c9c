namespace Ferry.Storage;

/// <summary>
/// Blob Storage: <c>ConnectionStrings:Storage</c> (default: Azurite's development storage) and the containers Ferry uses.
/// </summary>
public sealed class StorageOptions
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public string ConnectionString { get; set; } = DevelopmentStorage;

    /// <summary><c>Ferry:Inbox:Container</c>: CSV files dropped here start jobs.</summary>
    public string InboxContainer { get; set; } = "ferry-inbox";

    /// <summary><c>Ferry:Reports:Container</c>: <c>{instanceId}/results.csv</c>, <c>failed.csv</c>, <c>summary.json</c>.</summary>
    public string ReportsContainer { get; set; } = "ferry-reports";

    /// <summary><c>Ferry:State:Container</c>: jobs' documents and row outcomes (never rows, passwords or tokens).</summary>
    public string StateContainer { get; set; } = "ferry-state";
}
