using Azure;
using Ferry.Core.Jobs;
using Ferry.Server.Jobs;
using Ferry.Server.Storage;

namespace Ferry.Server.Inbox;

/// <summary>
/// The one path every job starts by, whether its CSV was dropped into the inbox, POSTed over HTTP (stored into the
/// inbox first) or announced by Event Grid: derive the instance id from the blob version, pin the input, start the
/// job grain. The same blob version always gives the same id, so it starts exactly one job.
/// </summary>
public sealed class JobStarter(InputBlobs inputs, FerryBlobStorage storage, IGrainFactory grains)
{
    /// <summary>Folders of the inbox that set the job kind (blob metadata <c>kind</c> wins over the folder).</summary>
    public static IReadOnlyDictionary<string, string> KindFolders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["import"] = "import",
        ["reactivate"] = "reactivate",
        ["assign-groups"] = "assign-groups",
        ["update-profiles"] = "update-profiles",
    };

    /// <summary>Starts the job for this blob version; null when the blob changed or vanished in the meantime.</summary>
    public async Task<(string InstanceId, bool Created)?> StartFromBlobAsync(
        string container,
        string name,
        string etag,
        IReadOnlyDictionary<string, string> options,
        CancellationToken cancellationToken)
    {
        // Listings give ETags bare, responses quoted: keep one form (the header's) everywhere.
        etag = etag.StartsWith('"') ? etag : $"\"{etag}\"";
        var id = InstanceIds.ForBlob(container, name, etag);
        var job = grains.GetGrain<IJobGrain>(id);
        if (await job.GetStatusAsync() is not null)
        {
            return (id, false);
        }

        var pinned = await inputs.PinAsync(container, name, etag, cancellationToken);
        if (pinned is null)
        {
            return null;
        }

        var result = await job.StartAsync(new JobStartRequest(pinned, options));
        return (id, result.Created);
    }

    /// <summary>Starts the job for a blob of the inbox as it is now, with options from its metadata and folder.</summary>
    public async Task<(string InstanceId, bool Created)?> StartFromInboxBlobAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Inbox.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return await StartFromBlobAsync(storage.Inbox.Name, name, properties.Value.ETag.ToString(), OptionsFor(name, properties.Value.Metadata), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Job options of an inbox blob: its metadata (names as in docs/jobs.md), the kind defaulting to its top folder.</summary>
    public static IReadOnlyDictionary<string, string> OptionsFor(string name, IDictionary<string, string>? metadata)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var folder = name.Contains('/', StringComparison.Ordinal) ? name[..name.IndexOf('/', StringComparison.Ordinal)] : null;
        if (folder is not null && KindFolders.TryGetValue(folder, out var kind))
        {
            options[JobOptions.Names.Kind] = kind;
        }

        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (JobOptions.Names.All.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                options[JobOptions.Names.All.First(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase))] = value;
            }
        }

        return options;
    }

    public static bool IsCsv(string name) => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}
