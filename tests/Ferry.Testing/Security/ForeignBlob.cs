using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Ferry.Testing.Security;

/// <summary>
/// A blob outside everything Ferry may read or write — <c>private-x/{unique}/users.csv</c>, standing for the Functions
/// host's secrets or another team's data in the same account — with logins and emails no test file holds. A test
/// aims hostile names at it, then asks <see cref="ChangesAsync"/> whether Ferry read (snapshotted), tagged, changed or
/// deleted it, and <see cref="FoundIn"/> whether any of its content reached a report, a status or a log.
/// </summary>
public sealed class ForeignBlob
{
    public const string Container = "private-x";

    private ForeignBlob(BlobClient blob, string secret, string etag, string content)
    {
        Blob = blob;
        Secret = secret;
        ETag = etag;
        Content = content;
    }

    public BlobClient Blob { get; }

    /// <summary>The foreign blob's name in its container: <c>{unique}/users.csv</c>.</summary>
    public string Name => Blob.Name;

    /// <summary>The folder the blob is in: its own, so that a job or log naming it is this test's.</summary>
    public string Folder => Blob.Name.Split('/')[0];

    /// <summary>Container and name, <c>private-x/{unique}/users.csv</c>: what a traversal aims at.</summary>
    public string Path => $"{Container}/{Blob.Name}";

    /// <summary>A marker in every login and email of the file (not in its name): found anywhere else, the file was read.</summary>
    public string Secret { get; }

    public string ETag { get; }

    public string Content { get; }

    public static async Task<ForeignBlob> CreateAsync(BlobServiceClient blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var folder = $"f{Guid.NewGuid():N}"[..9];
        var secret = $"secret{Guid.NewGuid():N}"[..18];
        var content = $"login,email,firstName,lastName\n{secret}-a@private.example,{secret}-a@private.example,Pri,Vate\n{secret}-b@private.example,{secret}-b@private.example,Pri,Vate\n";
        var blob = container.GetBlobClient($"{folder}/users.csv");
        var uploaded = await blob.UploadAsync(BinaryData.FromString(content), cancellationToken);
        return new ForeignBlob(blob, secret, uploaded.Value.ETag.ToString(), content);
    }

    /// <summary>What happened to the blob since it was made: empty when nothing (not deleted, changed, tagged or snapshotted).</summary>
    public async Task<IReadOnlyList<string>> ChangesAsync(CancellationToken cancellationToken = default)
    {
        var changes = new List<string>();
        if (!(await Blob.ExistsAsync(cancellationToken)).Value)
        {
            return ["deleted"];
        }

        var properties = await Blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        if (properties.Value.ETag.ToString() != ETag)
        {
            changes.Add("changed");
        }

        if ((await Blob.GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags.Count > 0)
        {
            changes.Add("tagged");
        }

        var container = Blob.GetParentBlobContainerClient();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.Snapshots, Name, cancellationToken))
        {
            if (item.Snapshot is not null)
            {
                changes.Add($"snapshot {item.Snapshot}");
            }
        }

        return changes;
    }

    /// <summary>Whether <paramref name="text"/> holds anything of the file's content.</summary>
    public bool FoundIn(string text) => text is not null && text.Contains(Secret, StringComparison.Ordinal);

    /// <summary>Every blob of <paramref name="containers"/> whose content holds the secret: where the file was copied to.</summary>
    public async Task<IReadOnlyList<string>> CopiesAsync(BlobServiceClient blobs, IEnumerable<string> containers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(containers);
        var copies = new List<string>();
        foreach (var name in containers)
        {
            var container = blobs.GetBlobContainerClient(name);
            if (!(await container.ExistsAsync(cancellationToken)).Value)
            {
                continue;
            }

            await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (item.Properties.ContentLength is > 4 * 1024 * 1024)
                {
                    continue;
                }

                // Names Ferry refuses cannot be addressed through the SDK without leaving their container: skip them.
                if (item.Name.Contains("..", StringComparison.Ordinal))
                {
                    continue;
                }

                var content = await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken);
                if (FoundIn(content.Value.Content.ToString()))
                {
                    copies.Add($"{name}/{item.Name}");
                }
            }
        }

        return copies;
    }
}
