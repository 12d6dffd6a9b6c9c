namespace Ferry.Core.Auth0;

/// <summary>A chunk rebuilt from its byte range: the file to post to Auth0 and every record of the range.</summary>
/// <param name="Payload">The compact UTF-8 JSON array of the chunk's valid users; the same bytes every time.</param>
/// <param name="Records">The chunk's records in input order, invalid ones included.</param>
public sealed record Auth0ChunkPayload(ReadOnlyMemory<byte> Payload, IReadOnlyList<Auth0Record> Records);
