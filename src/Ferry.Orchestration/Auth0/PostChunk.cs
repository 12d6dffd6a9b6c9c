namespace Ferry.Orchestration.Auth0;

/// <summary>Which chunk to post, and the <c>external_id</c> to give its import job.</summary>
public sealed record PostChunk(string JobId, int Chunk, string ExternalId);
