using System.Text;

namespace Ferry.Sandbox.Search;

/// <summary>
/// Parses Okta's filter and search syntax: comparisons joined by <c>and</c>/<c>or</c> (and binds tighter),
/// parentheses, double-quoted strings with <c>\"</c> escapes, bare numbers and booleans.
/// Operators and logical words are case-insensitive; attribute names are case-sensitive.
/// </summary>
public static class SearchParser
{
    private static readonly HashSet<string> Operators = new(StringComparer.OrdinalIgnoreCase) { "eq", "sw", "co", "gt", "ge", "lt", "le", "pr" };

    public static bool TryParse(string text, out SearchExpression? expression)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text) || !TryTokenize(text, out var tokens))
        {
            return false;
        }

        var position = 0;
        expression = ParseOr(tokens, ref position);
        if (expression is null || position != tokens.Count)
        {
            expression = null;
            return false;
        }

        return true;
    }

    private static SearchExpression? ParseOr(List<Token> tokens, ref int position)
    {
        var left = ParseAnd(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position].IsWord("or"))
        {
            position++;
            var right = ParseAnd(tokens, ref position);
            left = right is null ? null : new SearchLogical(false, left, right);
        }

        return left;
    }

    private static SearchExpression? ParseAnd(List<Token> tokens, ref int position)
    {
        var left = ParsePrimary(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position].IsWord("and"))
        {
            position++;
            var right = ParsePrimary(tokens, ref position);
            left = right is null ? null : new SearchLogical(true, left, right);
        }

        return left;
    }

    private static SearchExpression? ParsePrimary(List<Token> tokens, ref int position)
    {
        if (position >= tokens.Count)
        {
            return null;
        }

        if (tokens[position].Kind == TokenKind.Open)
        {
            position++;
            var inner = ParseOr(tokens, ref position);
            if (inner is null || position >= tokens.Count || tokens[position].Kind != TokenKind.Close)
            {
                return null;
            }

            position++;
            return inner;
        }

        if (tokens[position].Kind != TokenKind.Word || position + 1 >= tokens.Count)
        {
            return null;
        }

        var attribute = tokens[position].Text;
        var op = tokens[position + 1];
        if (op.Kind != TokenKind.Word || !Operators.Contains(op.Text))
        {
            return null;
        }

        position += 2;
        var operatorName = op.Text.ToLowerInvariant();
        if (operatorName == "pr")
        {
            return new SearchComparison(attribute, operatorName, null);
        }

        if (position >= tokens.Count || tokens[position].Kind is not (TokenKind.String or TokenKind.Word))
        {
            return null;
        }

        var value = tokens[position++];
        if (value.Kind == TokenKind.Word && (value.IsWord("and") || value.IsWord("or")))
        {
            return null;
        }

        return new SearchComparison(attribute, operatorName, value.Text);
    }

    private static bool TryTokenize(string text, out List<Token> tokens)
    {
        tokens = [];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")"));
                i++;
            }
            else if (c == '"')
            {
                var builder = new StringBuilder();
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        builder.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }
                    else
                    {
                        builder.Append(text[i++]);
                    }
                }

                if (!closed)
                {
                    return false;
                }

                tokens.Add(new Token(TokenKind.String, builder.ToString()));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i]));
            }
        }

        return tokens.Count > 0;
    }

    private enum TokenKind
    {
        Word,
        String,
        Open,
        Close,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
    }
}
