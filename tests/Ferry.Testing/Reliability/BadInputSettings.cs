namespace Ferry.Testing.Reliability;

/// <summary>The bad-input scenario's sizes; the defaults are the full-size run.</summary>
public sealed record BadInputSettings
{
    /// <summary>A CI-sized run: every hostile file at its real size, a smaller good job beside them.</summary>
    public static BadInputSettings Short { get; } = new() { GoodRows = 300, Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Rows of the well-formed job that runs while the hostile files are processed.</summary>
    public int GoodRows { get; init; } = 2000;

    /// <summary>The over-long line of ten-megabyte-line.csv.</summary>
    public int LongLineBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The header columns of million-columns.csv.</summary>
    public int HeaderColumns { get; init; } = 1_000_000;

    /// <summary>How long one job may take to finish.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
