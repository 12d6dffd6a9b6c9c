namespace Ferry.Sandbox.Faults;

public enum FaultKind
{
    None,

    /// <summary>500, 502 or 503.</summary>
    ServerError,

    /// <summary>The connection is dropped without a response.</summary>
    Reset,

    /// <summary>A 429 although the bucket has room, as when another app bursts.</summary>
    Throttle,
}
