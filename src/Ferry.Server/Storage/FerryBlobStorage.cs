using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Storage;

/// <summary>
/// The storage account: one <see cref="BlobServiceClient"/> (API version pinned to one Azurite 3.37 knows, which
/// Azure also serves) and Ferry's three containers. Every request is counted.
/// </summary>
public sealed class FerryBlobStorage
{
    public FerryBlobStorage(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = 5,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(8),
                NetworkTimeout = TimeSpan.FromSeconds(30),
            },
        };
        clientOptions.AddPolicy(Requests, HttpPipelinePosition.PerRetry);
        Service = new BlobServiceClient(settings.ConnectionString, clientOptions);
        Inbox = Service.GetBlobContainerClient(settings.InboxContainer);
        Reports = Service.GetBlobContainerClient(settings.ReportsContainer);
        State = Service.GetBlobContainerClient(settings.StateContainer);
    }

    public StorageRequestCounter Requests { get; } = new();

    public BlobServiceClient Service { get; }

    public BlobContainerClient Inbox { get; }

    public BlobContainerClient Reports { get; }

    public BlobContainerClient State { get; }

    public BlobContainerClient Container(string name) => Service.GetBlobContainerClient(name);

    public async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { Inbox, Reports, State })
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
