using Azure.Storage.Blobs;
using Ferry.Storage;
using Microsoft.Extensions.Options;

namespace Ferry.Durable.Tests.Storage;

/// <summary>A real Azurite with Ferry's three containers, shared by a test class (each test uses its own names).</summary>
public sealed class FerryStorageFixture : IAsyncLifetime
{
    public AzuriteHost Azurite { get; private set; } = null!;

    public FerryStorage Storage { get; private set; } = null!;

    /// <summary>The account as anyone with its key sees it (not through Ferry's guard).</summary>
    public BlobServiceClient Blobs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync(TestContext.Current.CancellationToken);
        Storage = new FerryStorage(Options.Create(new StorageOptions { ConnectionString = Azurite.ConnectionString }), new StorageRequestCounter());
        await Storage.EnsureContainersAsync(TestContext.Current.CancellationToken);
        Blobs = Azurite.CreateServiceClient();
    }

    public async ValueTask DisposeAsync() => await Azurite.DisposeAsync();
}
