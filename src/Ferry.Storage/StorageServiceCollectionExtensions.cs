using Ferry.Orchestration.Storage;
using Ferry.Storage.Documents;
using Ferry.Storage.Inputs;
using Ferry.Storage.Outcomes;
using Ferry.Storage.Progress;
using Ferry.Storage.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ferry.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Ferry's blobs: <c>AzureWebJobsStorage</c> (or its identity-based form) and the container names (<c>Ferry:Inbox:Container</c>,
    /// <c>Ferry:Reports:Container</c>, <c>Ferry:State:Container</c>), validated at start, and the stores the
    /// orchestration classes read and write through.
    /// </summary>
    public static IServiceCollection AddFerryStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString = configuration[StorageOptions.ConnectionName] is { Length: > 0 } cs ? cs : StorageOptions.DevelopmentStorage;
                options.AccountName = NullIfEmpty(configuration[$"{StorageOptions.ConnectionName}:accountName"]);
                options.Credential = NullIfEmpty(configuration[$"{StorageOptions.ConnectionName}:credential"]);
                options.ClientId = NullIfEmpty(configuration[$"{StorageOptions.ConnectionName}:clientId"]);
                options.InboxContainer = configuration["Ferry:Inbox:Container"] ?? options.InboxContainer;
                options.ReportsContainer = configuration["Ferry:Reports:Container"] ?? options.ReportsContainer;
                options.StateContainer = configuration["Ferry:State:Container"] ?? options.StateContainer;
            })
            .Validate(o => new[] { o.InboxContainer, o.ReportsContainer, o.StateContainer }.All(IsContainerName), "Ferry:Inbox:Container, Ferry:Reports:Container and Ferry:State:Container must be valid container names (3-63 lowercase letters, digits and dashes).")
            .Validate(o => new[] { o.InboxContainer, o.ReportsContainer, o.StateContainer }.Distinct().Count() == 3, "The inbox, reports and state containers must differ.")
            .Validate(o => o.AccountName is null || IsAccountName(o.AccountName), "AzureWebJobsStorage:accountName must be a storage account name (3-24 lowercase letters and digits).")
            .ValidateOnStart();
        // The one list of other containers a job may read: container names only (no path can hide in one).
        services.AddOptions<Ferry.Orchestration.Jobs.JobsOptions>()
            .Validate(o => o.AllowedContainers().All(IsContainerName), "Ferry:Jobs:AllowedInputContainers must be container names (3-63 lowercase letters, digits and dashes), comma-separated.")
            .ValidateOnStart();
        services.TryAddSingleton<StorageRequestCounter>();
        services.TryAddSingleton<FerryStorage>();
        services.TryAddSingleton<InputBlobs>();
        services.TryAddSingleton<IJobInputs>(provider => provider.GetRequiredService<InputBlobs>());
        services.TryAddSingleton<IJobDocuments, JobDocumentStore>();
        services.TryAddSingleton<IOutcomeBatches, OutcomeBatchStore>();
        services.TryAddSingleton<ILiveProgress, LiveProgressStore>();
        services.TryAddSingleton<IJobStops, JobStopStore>();
        services.TryAddSingleton<IJobReports, BlobReports>();
        return services;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    public static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.StartsWith('-') && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal);
}
