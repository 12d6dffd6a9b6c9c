namespace Ferry.Server.Api;

/// <summary>
/// A configured key as Ferry holds it: the configuration key it came from (<c>Ferry:Api:Keys:0</c>), what it opens,
/// its SHA-256 digest (what a presented key is compared with) and a short id derived from it (what a dashboard
/// session records) — never the key itself.
/// </summary>
public sealed record ConfiguredKey(string Name, KeyScope Scope, byte[] Digest, string Id);
