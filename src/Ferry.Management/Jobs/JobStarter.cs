using Azure;
using Ferry.Core.Jobs;
using Ferry.Core.Security;
using Ferry.Core.Telemetry;
using Ferry.Orchestration.Jobs;
using Ferry.Storage;
using Ferry.Storage.Inputs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ferry.Management.Jobs;

/// <summary>
/// The one path every job starts by, whether its CSV was dropped into the inbox, POSTed over HTTP (stored into the
/// inbox first), named in a JSON start or announced by Event Grid: only a blob of the inbox (or of
/// <c>Ferry:Jobs:AllowedInputContainers</c>) is taken, under a name that keeps <see cref="BlobNames"/>' rule (callers
/// answer a name that does not before they get here); the instance id comes from the blob version; the input is
/// pinned (snapshotted); the job orchestration is scheduled under that id. The same blob version always gives the
/// same id, so it starts exactly one job, however many nodes see it and however often.
/// </summary>
public sealed class JobStarter(DurableTaskClient client, InputBlobs inputs, FerryStorage storage)
{
    /// <summary>Durable Task's statuses: an instance in any of them means the job exists (and is not started again).</summary>
    private static readonly IReadOnlyList<string> AnyStatus = Enum.GetNames<OrchestrationRuntimeStatus>();

    /// <summary>Folders of the inbox that set the job kind (blob metadata <c>kind</c> wins over the folder).</summary>
    public static IReadOnlyDictionary<string, string> KindFolders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["import"] = "import",
        ["reactivate"] = "reactivate",
        ["assign-groups"] = "assign-groups",
        ["update-profiles"] = "update-profiles",
    };

    /// <summary>The inbox container: what the watcher polls and Event Grid's events start jobs from.</summary>
    public string InboxContainer => storage.Inbox.Name;

    /// <summary>Whether jobs may read from <paramref name="container"/>.</summary>
    public bool IsAllowed(string container) => inputs.IsAllowed(container);

    /// <summary>Starts the job for this blob version; null when the blob changed or vanished in the meantime.</summary>
    /// <exception cref="InvalidOperationException">The container is not one jobs may read (check <see cref="IsAllowed"/> first).</exception>
    /// <exception cref="UnsafeBlobNameException">The name breaks the rule (check <see cref="BlobNames.Check"/> first).</exception>
    public async Task<(string InstanceId, bool Created)?> StartFromBlobAsync(
        string container,
        string name,
        string etag,
        IReadOnlyDictionary<string, string> options,
        CancellationToken cancellationToken)
    {
        if (!IsAllowed(container))
        {
            throw new InvalidOperationException($"A job may not read from the container '{container}'.");
        }

        if (BlobNames.Check(name) is { } problem)
        {
            throw new UnsafeBlobNameException(problem);
        }

        // Listings give ETags bare, responses quoted: keep one form (the header's) everywhere.
        etag = etag.StartsWith('"') ? etag : $"\"{etag}\"";
        var id = InstanceIds.ForBlob(container, name, etag);
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return (id, false);
        }

        var pinned = await inputs.PinAsync(container, name, etag, cancellationToken);
        if (pinned is null)
        {
            return null;
        }

        return (id, await ScheduleAsync(id, new JobInput(pinned, options), cancellationToken));
    }

    /// <summary>Starts the job for a blob of the inbox as it is now, with options from its metadata and folder.</summary>
    /// <exception cref="UnsafeBlobNameException">The name breaks the rule (check <see cref="BlobNames.Check"/> first).</exception>
    public async Task<(string InstanceId, bool Created)?> StartFromInboxBlobAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Inbox.GetCheckedBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return await StartFromBlobAsync(storage.Inbox.Name, name, properties.Value.ETag.ToString(), OptionsFor(name, properties.Value.Metadata), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Schedules the job orchestration under <paramref name="id"/> unless an instance with that id exists; false when it did.</summary>
    public async Task<bool> ScheduleAsync(string id, JobInput input, CancellationToken cancellationToken)
    {
        // The job's trace starts here: Durable Task takes the current span as the parent of the job's orchestration and
        // carries it on to its sub-orchestrations and activities, and Ferry's spans inside them and each provider call.
        using var span = FerryTelemetry.StartJobTrace(id);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                MigrationOrchestrator.Name,
                input,
                new StartOrchestrationOptions(id) { DedupeStatuses = AnyStatus },
                cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another node (or a second event for the same blob) may have started it first: each host's client says
            // so its own way, so look.
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                FerryTelemetry.NotStarted(span);
                return false;
            }

            throw;
        }
    }

    /// <summary>Job options of an inbox blob: its metadata (names as in docs/jobs.md), the kind defaulting to its top folder.</summary>
    public static IReadOnlyDictionary<string, string> OptionsFor(string name, IDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(name);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var folder = name.Contains('/', StringComparison.Ordinal) ? name[..name.IndexOf('/', StringComparison.Ordinal)] : null;
        if (folder is not null && KindFolders.TryGetValue(folder, out var kind))
        {
            options[JobOptions.Names.Kind] = kind;
        }

        if (string.Equals(folder, Auth0Folder, StringComparison.OrdinalIgnoreCase) || IsJson(name))
        {
            // Only Auth0 jobs read JSON (Auth0's bulk-import array, its export's NDJSON), and auth0/ is their folder.
            options[JobOptions.Names.Target] = JobOptions.WireName(JobTarget.Auth0);
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

    /// <summary>The inbox folder whose files go to Auth0 (<c>target=auth0</c>) unless their metadata says otherwise.</summary>
    public const string Auth0Folder = "auth0";

    /// <summary>Extensions of the files a job reads: CSV for every target, JSON and NDJSON for Auth0.</summary>
    public static IReadOnlyList<string> JobFileExtensions { get; } = [".csv", ".json", ".ndjson", ".jsonl"];

    /// <summary>Whether a blob is a job's file (<see cref="JobFileExtensions"/>); others in the inbox are left alone.</summary>
    public static bool IsJobFile(string name) => JobFileExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a job's file is JSON or NDJSON (an Auth0 job's).</summary>
    public static bool IsJson(string name) => IsJobFile(name) && !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}
