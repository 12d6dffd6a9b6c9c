using Ferry.Core.Jobs;

namespace Ferry.Orchestration.Jobs;

/// <summary>Reads a job's options from the name/value pairs it was started with.</summary>
public static class JobOptionsReader
{
    /// <summary>The options, or the problems with them (an inbox blob's metadata is only checked when its job plans).</summary>
    public static (JobOptions? Options, IReadOnlyList<string> Errors) Read(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return JobOptions.Parse(values.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), strict: false);
    }

    /// <summary>The options of a job that has been planned (so they are known to be valid).</summary>
    public static JobOptions ReadValid(IReadOnlyDictionary<string, string> values) => Read(values).Options ?? new JobOptions();

    /// <summary>Whether the kind resolves group names before its rows (import, assign-groups).</summary>
    public static bool NeedsGroups(this JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind is JobKind.Import or JobKind.AssignGroups;
    }
}
