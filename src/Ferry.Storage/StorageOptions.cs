namespace Ferry.Storage;

/// <summary>
/// The storage account, as Azure Functions names it: <c>AzureWebJobsStorage</c> (a connection string; default: Azurite's
/// development storage) or an identity-based connection (<c>AzureWebJobsStorage:accountName</c>, <c>:credential</c>,
/// <c>:clientId</c>), and the containers Ferry uses.
/// </summary>
public sealed class StorageOptions
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The key both hosts read (the Durable extension's too).</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    public string ConnectionString { get; set; } = DevelopmentStorage;

    /// <summary><c>AzureWebJobsStorage:accountName</c>: when set, an identity-based connection to this account (no key).</summary>
    public string? AccountName { get; set; }

    /// <summary><c>AzureWebJobsStorage:credential</c>: <c>managedidentity</c>, or anything else for Azure.Identity's default chain.</summary>
    public string? Credential { get; set; }

    /// <summary><c>AzureWebJobsStorage:clientId</c>: the user-assigned managed identity's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>Ferry:Inbox:Container</c>: CSV files dropped here start jobs.</summary>
    public string InboxContainer { get; set; } = "ferry-inbox";

    /// <summary><c>Ferry:Reports:Container</c>: <c>{instanceId}/results.csv</c>, <c>failed.csv</c>, <c>summary.json</c>.</summary>
    public string ReportsContainer { get; set; } = "ferry-reports";

    /// <summary><c>Ferry:State:Container</c>: jobs' documents and row outcomes (never rows, passwords or tokens).</summary>
    public string StateContainer { get; set; } = "ferry-state";
}
