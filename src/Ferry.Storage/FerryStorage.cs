using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Ferry.Storage;

/// <summary>
/// The storage account: one <see cref="BlobServiceClient"/> (API version pinned to one Azurite 3.37 knows, which
/// Azure also serves) and Ferry's three containers. Every request is counted by <see cref="Requests"/>, which the
/// self-host also gives the Durable Task provider's queue and table clients, so one figure covers them all.
/// The account is reached with the connection string of <c>AzureWebJobsStorage</c>, or, when
/// <c>AzureWebJobsStorage:accountName</c> is set, with a managed identity (no shared key), as on Azure.
/// </summary>
public sealed class FerryStorage
{
    public FerryStorage(IOptions<StorageOptions> options, StorageRequestCounter requests)
    {
        ArgumentNullException.ThrowIfNull(options);
        Requests = requests;
        var settings = options.Value;
        if (settings.AccountName is { } account)
        {
            Credential = settings.Credential is null || string.Equals(settings.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(settings.ClientId is { } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned)
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ClientId });
            BlobUri = new Uri($"https://{account}.blob.core.windows.net");
            QueueUri = new Uri($"https://{account}.queue.core.windows.net");
            TableUri = new Uri($"https://{account}.table.core.windows.net");
        }
        else
        {
            ConnectionString = settings.ConnectionString;
            BlobUri = new BlobServiceClient(settings.ConnectionString).Uri;
            QueueUri = new QueueServiceClient(settings.ConnectionString).Uri;
            TableUri = new TableServiceClient(settings.ConnectionString).Uri;
        }

        Service = Credential is null
            ? new BlobServiceClient(ConnectionString, Counted(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)))
            : new BlobServiceClient(BlobUri, Credential, Counted(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)));
        requests.Name(BlobUri, "blob");
        requests.Name(QueueUri, "queue");
        requests.Name(TableUri, "table");
        Inbox = Service.GetBlobContainerClient(settings.InboxContainer);
        Reports = Service.GetBlobContainerClient(settings.ReportsContainer);
        State = Service.GetBlobContainerClient(settings.StateContainer);
    }

    public StorageRequestCounter Requests { get; }

    /// <summary>The connection string; null when the account is reached with <see cref="Credential"/>.</summary>
    public string? ConnectionString { get; }

    /// <summary>The managed identity (or default chain) for an identity-based connection; null with a connection string.</summary>
    public TokenCredential? Credential { get; }

    public Uri BlobUri { get; }

    public Uri QueueUri { get; }

    public Uri TableUri { get; }

    public BlobServiceClient Service { get; }

    public BlobContainerClient Inbox { get; }

    public BlobContainerClient Reports { get; }

    public BlobContainerClient State { get; }

    /// <summary>A container by name; only a valid container name (no path can hide in it).</summary>
    public BlobContainerClient Container(string name) =>
        StorageServiceCollectionExtensions.IsContainerName(name ?? "")
            ? Service.GetBlobContainerClient(name)
            : throw new ArgumentException("A container name is 3-63 lowercase letters, digits and dashes.", nameof(name));

    /// <summary>
    /// Client options with Ferry's retries (about 15 s of exponential back-off: a short outage pauses work instead
    /// of failing it) and the request counter.
    /// </summary>
    public T Counted<T>(T options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(Requests, HttpPipelinePosition.PerRetry);
        return options;
    }

    public async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { Inbox, Reports, State })
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
