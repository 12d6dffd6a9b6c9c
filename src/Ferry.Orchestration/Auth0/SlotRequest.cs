namespace Ferry.Orchestration.Auth0;

/// <summary>
/// A chunk asking for a slot: who it is (its orchestration's id), the tenant's limit, the asker's clock, and how long
/// a slot held without release counts (a holder that was terminated never gives its slot back).
/// </summary>
public sealed record SlotRequest(string Holder, int Limit, DateTimeOffset Now, TimeSpan Expiry);
