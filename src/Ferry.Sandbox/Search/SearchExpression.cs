namespace Ferry.Sandbox.Search;

/// <summary>A parsed Okta <c>search</c> or <c>filter</c> expression (SCIM-style: <c>profile.login eq "x" and status eq "STAGED"</c>).</summary>
public abstract record SearchExpression
{
    /// <summary>True when the expression is one <c>eq</c> on <paramref name="attribute"/>; gives the compared value.</summary>
    public bool IsEqualityOn(string attribute, out string value)
    {
        if (this is SearchComparison { Operator: "eq", Value: { } v } c && string.Equals(c.Attribute, attribute, StringComparison.Ordinal))
        {
            value = v;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Evaluates against an object whose attributes <paramref name="resolve"/> returns (empty when absent or null).</summary>
    public abstract bool Matches(Func<string, IReadOnlyList<string>> resolve, bool caseSensitiveValues);
}
