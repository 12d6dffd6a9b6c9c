using Ferry.Core.Validation;

namespace Ferry.Core.Tests.Validation;

public sealed class DuplicateIndexTests
{
    [Fact]
    public void TryAdd_RepeatedLogin_ReturnsTheFirstLine()
    {
        var index = new DuplicateIndex();
        Assert.True(index.TryAdd("ann.lee", "ann@example.com", 2, out _, out _));

        Assert.False(index.TryAdd("ANN.LEE", "other@example.com", 9, out var line, out var byEmail));
        Assert.Equal((2, false), (line, byEmail));
    }

    [Fact]
    public void TryAdd_EmailOfARowWhoseLoginWasItsEmail_IsFoundByEmail()
    {
        var index = new DuplicateIndex();
        Assert.True(index.TryAdd("ann@example.com", "ann@example.com", 2, out _, out _));

        Assert.False(index.TryAdd("ann.lee", "ANN@example.com", 3, out var line, out var byEmail));
        Assert.Equal((2, true), (line, byEmail));
    }

    [Fact]
    public void TryAdd_LoginEqualToAnEarlierEmail_IsNotADuplicate()
    {
        var index = new DuplicateIndex();
        Assert.True(index.TryAdd("ann.lee", "shared@example.com", 2, out _, out _));

        Assert.True(index.TryAdd("shared@example.com", null, 3, out _, out _));
        Assert.False(index.TryAdd("bo.li", "shared@example.com", 4, out var line, out var byEmail));
        Assert.Equal((2, true), (line, byEmail));
    }

    [Fact]
    public void TryAdd_HundredThousandUsers_FindsEveryRepeat()
    {
        var index = new DuplicateIndex();
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(index.TryAdd($"user{i}@example.com", $"user{i}@example.com", i + 2, out _, out _));
        }

        for (var i = 0; i < 100_000; i += 997)
        {
            Assert.False(index.TryAdd($"USER{i}@example.com", null, 200_000 + i, out var line, out _));
            Assert.Equal(i + 2, line);
        }
    }
}
