using Ferry.Core.Security;

namespace Ferry.Core.Tests.Security;

public sealed class BlobNamesTests
{
    /// <summary>Hostile names, each with the rule it breaks first.</summary>
    public static TheoryData<string, string> Hostile => new()
    {
        { "", "empty" },
        { "../private-x/users.csv", "dot-segment" },
        { "a/../../private-x/users.csv", "dot-segment" },
        { "./users.csv", "dot-segment" },
        { "import/.", "dot-segment" },
        { "import/..", "dot-segment" },
        { "users.csv.", "dot-segment" },
        { "dir./users.csv", "dot-segment" },
        { "dir.../users.csv", "dot-segment" },
        { "\uFF0E\uFF0E/private-x/users.csv", "dot-segment" },       // full-width full stops
        { "\uFF0E/users.csv", "dot-segment" },
        { "\u2024\u2024/private-x/users.csv", "dot-segment" },       // one dot leaders
        { "\u2025/private-x/users.csv", "dot-segment" },             // two dot leader
        { "a/\uFE52\uFE52/b.csv", "dot-segment" },                   // small full stops
        { "report\u2026/x.csv", "dot-segment" },                     // an ellipsis ends in a dot
        { "..\\private-x\\users.csv", "backslash" },
        { "a\\b.csv", "backslash" },
        { "%2e%2e/private-x/users.csv", "reserved-character" },
        { "%2E%2E%2Fprivate-x%2Fusers.csv", "reserved-character" },
        { "..%2fprivate-x/users.csv", "reserved-character" },
        { "%252e%252e/users.csv", "reserved-character" },
        { "%5c..%5cusers.csv", "reserved-character" },
        { "users.csv?comp=tags", "reserved-character" },
        { "users.csv?sv=2026&sig=x", "reserved-character" },
        { "users.csv#fragment", "reserved-character" },
        { "a\u2215..\u2215private-x\u2215users.csv", "slash-lookalike" }, // division slash
        { "a\u2044b.csv", "slash-lookalike" },                       // fraction slash
        { "a\uFF0Fb.csv", "slash-lookalike" },                       // full-width solidus
        { "a\uFF3Cb.csv", "slash-lookalike" },                       // full-width reverse solidus
        { "a\u29F8b.csv", "slash-lookalike" },                       // big solidus
        { "a\uFE68b.csv", "slash-lookalike" },                       // small reverse solidus
        { "/private-x/users.csv", "leading-slash" },
        { "/users.csv", "leading-slash" },
        { "import//users.csv", "empty-segment" },
        { "import/", "empty-segment" },
        { "users\u0000.csv", "control-character" },                  // NUL
        { "users\r\n.csv", "control-character" },                    // CR LF
        { "users\n.csv", "control-character" },
        { "users\t.csv", "control-character" },
        { "users\u001B[31m.csv", "control-character" },              // terminal escape
        { "users\u007F.csv", "control-character" },                  // DEL
        { "users\u0085.csv", "control-character" },                  // NEL (C1)
        { "users\u009B.csv", "control-character" },                  // CSI (C1)
        { "users\u202Evsc.exe", "control-character" },               // right-to-left override
        { "us\u200Bers.csv", "control-character" },                  // zero-width space
        { "\uFEFFusers.csv", "control-character" },                  // byte order mark
        { "users\uFFFE.csv", "invalid-unicode" },                    // noncharacter
        { "users\uFDD0.csv", "invalid-unicode" },
        { "users\uE000.csv", "invalid-unicode" },                    // private use
        { new string('a', 1021) + ".csv", "too-long" },
        { string.Concat(Enumerable.Repeat("a/", 254)) + "u.csv", "too-many-segments" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Check_HostileName_IsRefused_ByItsRule(string name, string rule)
    {
        var problem = BlobNames.Check(name);

        Assert.NotNull(problem);
        Assert.Equal(rule, problem.Rule);
        Assert.False(BlobNames.IsValid(name));
    }

    [Fact]
    public void Check_UnpairedSurrogates_AreInvalidUnicode()
    {
        // Not theory data: a lone surrogate does not survive the test runner's serialisation.
        Assert.Equal("invalid-unicode", BlobNames.Check("users\uD800.csv")!.Rule);
        Assert.Equal("invalid-unicode", BlobNames.Check("users\uDC00.csv")!.Rule);
        Assert.Equal("invalid-unicode", BlobNames.Check("users.csv\uD83D")!.Rule);
    }

    [Theory]
    [InlineData("users.csv")]
    [InlineData("import/users.csv")]
    [InlineData("http/2026/11/22/3f9a1c2b7d4e4f6a8b9c0d1e2f3a4b5c/users.csv")]
    [InlineData("Q1 \"final\" (copy).csv")]
    [InlineData("müller & söhne/Ünïcödé.csv")]
    [InlineData("日本語/ユーザー.csv")]
    [InlineData("emoji-\U0001F600.csv")]
    [InlineData(".hidden/users.csv")]
    [InlineData("a..b.csv")]
    [InlineData("v1.2/users.json")]
    [InlineData("a+b=c;d,e@f!~'()*[]$&.csv")]
    [InlineData("undo/users-3f9a1c2b7d4e-undo1/users.csv")]
    public void Check_OrdinaryName_Passes(string name)
    {
        Assert.Null(BlobNames.Check(name));
    }

    [Fact]
    public void Check_AtAzuresLimits_Passes_OneMoreIsRefused()
    {
        var longest = new string('a', BlobNames.MaxLength);
        var deepest = string.Join('/', Enumerable.Repeat("a", BlobNames.MaxSegments));

        Assert.Null(BlobNames.Check(longest));
        Assert.Null(BlobNames.Check(deepest));
        Assert.Equal("too-long", BlobNames.Check(longest + "a")!.Rule);
        Assert.Equal("too-many-segments", BlobNames.Check(deepest + "/a")!.Rule);
    }

    [Fact]
    public void Messages_NameTheRule_AndNeverTheName()
    {
        foreach (var (name, _) in Hostile.Select(row => (row.Data.Item1, row.Data.Item2)))
        {
            var problem = BlobNames.Check(name)!;
            Assert.False(string.IsNullOrWhiteSpace(problem.Message));
            Assert.DoesNotContain("private-x", problem.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("users\r\nforged log line.csv", "users\\u000D\\u000Aforged log line.csv")]
    [InlineData("a\u202Eb", "a\\u202Eb")]
    [InlineData(null, "(none)")]
    public void Printable_EscapesWhatCouldForgeALogLine(string? name, string expected)
    {
        Assert.Equal(expected, BlobNames.Printable(name));
    }

    [Fact]
    public void Printable_IsBounded()
    {
        Assert.Equal(121, BlobNames.Printable(new string('x', 5000)).Length);
    }
}
