namespace Ferry.Testing.Reliability;

/// <summary>
/// One malformed or hostile input file of the bad-input scenario and the documented outcome it must give.
/// </summary>
/// <param name="Name">The file name it is uploaded (or dropped into the inbox) under.</param>
/// <param name="What">What is wrong with it, for the report.</param>
/// <param name="Content">Its exact bytes.</param>
/// <param name="Expected">The documented outcome.</param>
public sealed record HostileFile(string Name, string What, byte[] Content, HostileOutcome Expected)
{
    /// <summary>Job options as a query string (HTTP) or blob metadata (inbox).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Dropped into the inbox container instead of POSTed.</summary>
    public bool ViaInbox { get; init; }
}
