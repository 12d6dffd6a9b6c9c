namespace Ferry.Sandbox.Search;

/// <summary><c>left and right</c> or <c>left or right</c>.</summary>
public sealed record SearchLogical(bool IsAnd, SearchExpression Left, SearchExpression Right) : SearchExpression
{
    public override bool Matches(Func<string, IReadOnlyList<string>> resolve, bool caseSensitiveValues) =>
        IsAnd
            ? Left.Matches(resolve, caseSensitiveValues) && Right.Matches(resolve, caseSensitiveValues)
            : Left.Matches(resolve, caseSensitiveValues) || Right.Matches(resolve, caseSensitiveValues);
}
