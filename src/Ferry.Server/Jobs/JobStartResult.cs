namespace Ferry.Server.Jobs;

/// <summary><see cref="Created"/> is false when the instance already existed (the same blob version was seen before).</summary>
[GenerateSerializer, Immutable, Alias("ferry.job-started")]
public sealed record JobStartResult([property: Id(0)] bool Created, [property: Id(1)] string RuntimeStatus);
