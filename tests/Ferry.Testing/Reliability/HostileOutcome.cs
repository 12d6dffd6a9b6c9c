namespace Ferry.Testing.Reliability;

/// <summary>
/// What a hostile file must give: a job-level failure (the job Failed with <see cref="FailureCode"/>, its message naming
/// the file and containing <see cref="Text"/>, nothing sent to Okta), or a completed job whose invalid rows are exactly
/// <see cref="Invalid"/> (each reported <c>invalid-row</c> naming its line and column) and whose other rows are all
/// <c>created</c>.
/// </summary>
public sealed record HostileOutcome
{
    public string? FailureCode { get; private init; }

    public string? Text { get; private init; }

    public int Created { get; private init; }

    public IReadOnlyList<InvalidRow> Invalid { get; private init; } = [];

    /// <summary>More checks of the results.csv records (header included); returns the problems.</summary>
    public Func<List<string[]>, IEnumerable<string>>? Results { get; init; }

    public static HostileOutcome Failure(string code, string text) => new() { FailureCode = code, Text = text };

    public static HostileOutcome Rows(int created, params InvalidRow[] invalid) => new() { Created = created, Invalid = invalid };

    public override string ToString() =>
        FailureCode is not null
            ? $"job fails: {FailureCode}"
            : $"{Created} created" + string.Concat(Invalid.Select(i => $"; line {i.Line} invalid{(i.Column is null ? "" : $" ({i.Column})")}: {i.Text}"));
}

/// <summary>A row the file must report invalid: its line, the column at fault (its header as written; null for the whole row), part of the message.</summary>
public sealed record InvalidRow(int Line, string? Column, string Text);
