using Microsoft.Extensions.Options;

namespace Ferry.Server.Configuration;

/// <summary>What stops the server at start on a bad setting: the validators' messages (each names its key, never a value).</summary>
public static class ConfigurationErrors
{
    /// <summary>The process's exit code on a bad setting: sysexits' EX_CONFIG.</summary>
    public const int ExitCode = 78;

    /// <summary>The settings' problems in one line, when <paramref name="exception"/> is options validation failing at start.</summary>
    public static string? Of(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException all when all.InnerExceptions.Count > 0 && all.InnerExceptions.All(e => e is OptionsValidationException) =>
            string.Join(" ", all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        _ => null,
    };
}
