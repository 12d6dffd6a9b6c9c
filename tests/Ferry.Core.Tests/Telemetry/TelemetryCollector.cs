using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ferry.Core.Telemetry;

namespace Ferry.Core.Tests.Telemetry;

/// <summary>Ferry's spans and measurements as an exporter would see them, collected in-process with System.Diagnostics listeners.</summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();

    public TelemetryCollector()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FerryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_spans);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FerryTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measurements.Add(new Measured(instrument.Name, value, Tags(tags))));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Measurements.Add(new Measured(instrument.Name, value, Tags(tags))));
        _meters.Start();
    }

    public ConcurrentBag<Activity> Spans { get; } = [];

    public ConcurrentBag<Measured> Measurements { get; } = [];

    /// <summary>Spans of the trace <paramref name="root"/> began, itself excluded.</summary>
    public List<Activity> Under(Activity root) => [.. Spans.Where(s => s.TraceId == root.TraceId && s.SpanId != root.SpanId)];

    public List<Measured> Of(string instrument) => [.. Measurements.Where(m => m.Instrument == instrument)];

    public void Observe() => _meters.RecordObservableInstruments();

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
    }

    private static Dictionary<string, string?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            copy[key] = value?.ToString();
        }

        return copy;
    }

    internal sealed record Measured(string Instrument, long Value, Dictionary<string, string?> Tags);
}
