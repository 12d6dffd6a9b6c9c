using System.Globalization;
using Ferry.Core.Auth0;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Cli.Validation;

/// <summary>
/// <c>ferry validate FILE</c>: offline, the reader and rules a job uses (<see cref="CsvJobReader.PlanAsync"/> for Okta,
/// <see cref="Auth0JobReader.PlanAsync"/> for Auth0), every row error as <c>file:line:column code message</c>, then a
/// summary by code. Exit 0 clean, 1 rows invalid, 2 the whole file fails.
/// </summary>
public static class ValidateCommand
{
    private static readonly string[] Auth0Extensions = [".json", ".ndjson", ".jsonl"];

    public static async Task<int> RunAsync(string file, IEnumerable<string>? optionFlags, string? target, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var (pairs, options, problem) = OptionPairs.Parse(optionFlags, target);
        if (options is null || pairs is null)
        {
            await errors.WriteLineAsync($"ferry validate: {problem}");
            return ExitCodes.Usage;
        }

        if (!pairs.ContainsKey(JobOptions.Names.Target) && Auth0Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
        {
            // As the server does: a JSON or NDJSON file is an Auth0 job's unless told otherwise.
            options = options with { Target = JobTarget.Auth0 };
        }

        FileStream stream;
        try
        {
            stream = File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"ferry validate: cannot read {file}: {e.Message}");
            return ExitCodes.NoInput;
        }

        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<string> warnings = [];
        int rows, invalid;
        JobFailure? failure;
        var name = Path.GetFileName(file);
        await using (stream)
        {
            if (options.Target == JobTarget.Auth0)
            {
                var settings = new Auth0PlanSettings
                {
                    OnRowError = error => Report(output, byCode, file, error.Line, error.Column, error.Code, null, error.Message),
                };
                var result = await Auth0JobReader.PlanAsync(stream, name, options, settings, cancellationToken);
                (rows, invalid, failure) = (result.Plan?.RowCount ?? 0, result.Plan?.InvalidCount ?? 0, result.Failure);
                warnings = result.Plan?.Warnings ?? [];
            }
            else
            {
                var settings = new CsvPlanSettings
                {
                    OnRowError = error => Report(output, byCode, file, error.Line, error.ColumnNumber ?? 0, error.Code, error.Column, error.Message),
                };
                var result = await CsvJobReader.PlanAsync(stream, name, options, settings, cancellationToken);
                (rows, invalid, failure) = (result.Plan?.RowCount ?? 0, result.Plan?.InvalidRowCount ?? 0, result.Failure);
            }
        }

        var targetName = JobOptions.WireName(options.Target);
        if (failure is not null)
        {
            await output.WriteLineAsync($"{file}: {failure.Code} {failure.Message}");
            await output.WriteLineAsync($"{file}: the whole file fails ({targetName}): {failure.Code}");
            return ExitCodes.FileOrJobFailed;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}: {rows} rows, {rows - invalid} valid, {invalid} invalid ({targetName})"));
        foreach (var (code, count) in byCode.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {code,-20} {count}"));
        }

        foreach (var warning in warnings)
        {
            await output.WriteLineAsync($"{file}: warning: {warning}");
        }

        return invalid == 0 ? ExitCodes.Ok : ExitCodes.RowsNeedAttention;
    }

    private static void Report(TextWriter output, SortedDictionary<string, int> byCode, string file, int line, int column, string code, string? field, string message)
    {
        byCode[code] = byCode.GetValueOrDefault(code) + 1;
        var text = field is null ? message : $"{field}: {message}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{column} {code} {text}"));
    }
}
