namespace Ferry.Core.Csv;

/// <summary>A run of consecutive row numbers, both ends included.</summary>
public sealed record RowRange(int First, int Last);

/// <summary>
/// A set of row numbers kept as sorted, merged runs (<see cref="RowRange"/>): the rows a continuing job skips because
/// its source job did them, which are mostly long runs however many rows they hold. Membership is a binary search.
/// </summary>
public sealed class RowRanges
{
    private readonly RowRange[] _ranges;

    public RowRanges(IEnumerable<RowRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var merged = new List<RowRange>();
        foreach (var range in ranges.Where(r => r.Last >= r.First).OrderBy(r => r.First))
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last + 1)
            {
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, range.Last) };
            }
            else
            {
                merged.Add(range);
            }
        }

        _ranges = [.. merged];
        Count = _ranges.Sum(r => (long)r.Last - r.First + 1);
    }

    public static RowRanges Empty { get; } = new([]);

    /// <summary>The runs, sorted and merged.</summary>
    public IReadOnlyList<RowRange> Ranges => _ranges;

    /// <summary>How many rows the set holds.</summary>
    public long Count { get; }

    /// <summary>The set of <paramref name="rows"/> (any order, repeats allowed).</summary>
    public static RowRanges Of(IEnumerable<int> rows) => new(rows.Select(r => new RowRange(r, r)));

    public bool Contains(int row)
    {
        int low = 0, high = _ranges.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var range = _ranges[middle];
            if (row < range.First)
            {
                high = middle - 1;
            }
            else if (row > range.Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every row from <paramref name="first"/> to <paramref name="last"/> is in the set.</summary>
    public bool ContainsAll(int first, int last)
    {
        foreach (var range in _ranges)
        {
            if (range.First <= first && range.Last >= last)
            {
                return true;
            }
        }

        return last < first;
    }

    /// <summary>How many of the rows from <paramref name="first"/> to <paramref name="last"/> are in the set.</summary>
    public long CountWithin(int first, int last) =>
        _ranges.Sum(r => Math.Max(0L, (long)Math.Min(r.Last, last) - Math.Max(r.First, first) + 1));

    public RowRanges Union(RowRanges other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RowRanges(_ranges.Concat(other._ranges));
    }
}
