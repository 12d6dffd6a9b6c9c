namespace Ferry.Server.Storage;

/// <summary>
/// State whose blob carries metadata (written atomically with the state) so that a listing can find and filter grains
/// without reading every state blob: how the job catalog and the resume service see jobs.
/// </summary>
public interface IIndexedState
{
    IDictionary<string, string> IndexMetadata();
}
