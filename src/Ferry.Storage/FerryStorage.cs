using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Ferry.Storage;

/// <summary>
/// The storage account: one <see cref="BlobServiceClient"/> (API version pinned to one Azurite 3.37 knows, which
/// Azure also serves) and Ferry's three containers. Every request is counted by <see cref="Requests"/>, which the
/// self-host also gives the Durable Task provider's queue and table clients, so one figure covers them all.
/// </summary>
public sealed class FerryStorage
{
    public FerryStorage(IOptions<StorageOptions> options, StorageRequestCounter requests)
    {
        ArgumentNullException.ThrowIfNull(options);
        Requests = requests;
        var settings = options.Value;
        ConnectionString = settings.ConnectionString;
        Service = new BlobServiceClient(settings.ConnectionString, Counted(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)));
        requests.Name(Service.Uri, "blob");
        requests.Name(new Azure.Storage.Queues.QueueServiceClient(settings.ConnectionString).Uri, "queue");
        requests.Name(new Azure.Data.Tables.TableServiceClient(settings.ConnectionString).Uri, "table");
        Inbox = Service.GetBlobContainerClient(settings.InboxContainer);
        Reports = Service.GetBlobContainerClient(settings.ReportsContainer);
        State = Service.GetBlobContainerClient(settings.StateContainer);
    }

    public StorageRequestCounter Requests { get; }

    public string ConnectionString { get; }

    public BlobServiceClient Service { get; }

    public BlobContainerClient Inbox { get; }

    public BlobContainerClient Reports { get; }

    public BlobContainerClient State { get; }

    public BlobContainerClient Container(string name) => Service.GetBlobContainerClient(name);

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
