using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ferry.Core.Security;

namespace Ferry.Storage;

/// <summary>
/// The one way Ferry gets a blob client (inputs, job documents, outcomes, live progress, reports, rerun and undo
/// files, the API's and the dashboard's reads): the name must keep <see cref="BlobNames"/>' rule, and the client
/// built from it must address exactly that container and name (<see cref="BlobBaseClient.BlobContainerName"/>,
/// <see cref="BlobBaseClient.Name"/>) — the SDK's URI would otherwise collapse <c>..</c> into another container.
/// <c>BannedSymbols.Blobs.txt</c> keeps the SDK's own <c>GetBlobClient</c> out of Ferry's projects.
/// </summary>
public static class BlobGuard
{
    /// <summary>The client for <paramref name="name"/> in <paramref name="container"/>, or the rule the name breaks.</summary>
    public static NameProblem? TryGetCheckedBlobClient(this BlobContainerClient container, string name, out BlobClient blob)
    {
        ArgumentNullException.ThrowIfNull(container);
        blob = null!;
        if (BlobNames.Check(name) is { } problem)
        {
            return problem;
        }

#pragma warning disable RS0030 // the one call of the SDK's own factory: checked before and after
        var client = container.GetBlobClient(name);
#pragma warning restore RS0030
        if (Escaped(client, container.Name, name) is { } escaped)
        {
            return escaped;
        }

        blob = client;
        return null;
    }

    /// <summary>The client for <paramref name="name"/> in <paramref name="container"/>.</summary>
    /// <exception cref="UnsafeBlobNameException">The name breaks the rule: a bug, or a hostile name nobody checked before.</exception>
    public static BlobClient GetCheckedBlobClient(this BlobContainerClient container, string name) =>
        TryGetCheckedBlobClient(container, name, out var blob) is { } problem ? throw new UnsafeBlobNameException(problem) : blob;

    /// <summary>A block blob client, checked the same way (reports are staged and committed in blocks).</summary>
    /// <exception cref="UnsafeBlobNameException">The name breaks the rule.</exception>
    public static BlockBlobClient GetCheckedBlockBlobClient(this BlobContainerClient container, string name)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (BlobNames.Check(name) is { } problem)
        {
            throw new UnsafeBlobNameException(problem);
        }

#pragma warning disable RS0030 // the one call of the SDK's own factory: checked before and after
        var client = container.GetBlockBlobClient(name);
#pragma warning restore RS0030
        return Escaped(client, container.Name, name) is { } escaped ? throw new UnsafeBlobNameException(escaped) : client;
    }

    /// <summary>
    /// A job id about to become part of a blob path (<c>jobs/{id}/…</c>, <c>outcomes/{id}/…</c>, <c>{id}/results.csv</c>):
    /// returned as it is when it keeps <see cref="JobIds"/>' rule.
    /// </summary>
    /// <exception cref="UnsafeBlobNameException">Not a job id (the API refuses such ids before they get here).</exception>
    public static string CheckedJobId(string jobId) =>
        JobIds.Check(jobId) is { } problem ? throw new UnsafeBlobNameException(problem) : jobId;

    /// <summary>Null when the built client addresses the container and name asked for; else why not.</summary>
    internal static NameProblem? Escaped(BlobBaseClient client, string container, string name) =>
        string.Equals(client.BlobContainerName, container, StringComparison.Ordinal) && string.Equals(client.Name, name, StringComparison.Ordinal)
            ? null
            : BlobNames.Problems.LeftItsContainer;
}
