namespace Ferry.Core.Tests.Telemetry;

/// <summary>Telemetry tests listen to process-wide instruments: they run alone, so other tests' calls are not counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
