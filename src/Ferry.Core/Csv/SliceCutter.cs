namespace Ferry.Core.Csv;

/// <summary>
/// Cuts a file into slices of (nearly) equal size in the plan's one pass, before the number of rows is known: it
/// remembers where every few rows start (a bounded list, made coarser as the file grows), and at the end chooses the
/// slice count and the cuts nearest to equal shares. The count is the fewest slices of at most the target size,
/// rounded up to a multiple of the lanes when there are more slices than lanes, so that the job's lanes (each taking
/// every n-th slice) get the same number of equal slices and finish together rather than one lane running the last
/// slice alone.
/// </summary>
internal sealed class SliceCutter
{
    private const int MaxMarks = 1 << 16;

    private readonly int _target;
    private readonly int _lanes;
    private readonly List<Mark> _marks = [];
    private int _every;

    public SliceCutter(int targetRows, int lanes)
    {
        _target = targetRows;
        _lanes = Math.Max(1, lanes);
        _every = Math.Max(1, targetRows / 16); // cuts land within a sixteenth of the target of the equal share
    }

    /// <summary>Called for every row in file order, <paramref name="index"/> counting from 0.</summary>
    public void Observe(int index, long startByte, int row, int line)
    {
        if (index % _every != 0)
        {
            return;
        }

        if (_marks.Count == MaxMarks)
        {
            // Keep every other mark: twice as coarse, the same memory however long the file.
            var kept = 0;
            for (var i = 0; i < _marks.Count; i += 2)
            {
                _marks[kept++] = _marks[i];
            }

            _marks.RemoveRange(kept, _marks.Count - kept);
            _every *= 2;
            if (index % _every != 0)
            {
                return;
            }
        }

        _marks.Add(new Mark(index, startByte, row, line));
    }

    /// <summary>The slices of a file of <paramref name="rows"/> rows (at least one) whose first slice starts at <paramref name="firstByte"/>.</summary>
    public List<CsvSlice> Cut(int rows, long firstByte, long fileLength)
    {
        // A cut lands up to half a mark's spacing from its equal share, at either end of a slice: shares that much
        // smaller keep every slice within the target.
        var count = SliceCount(rows, Math.Max(1, _target - (2 * (_every / 2))), _lanes);
        var starts = new List<Mark>(count);
        for (var k = 0; k < count; k++)
        {
            var share = (long)k * rows / count;
            var nearest = (int)Math.Min(_marks.Count - 1, Math.Round((double)share / _every, MidpointRounding.AwayFromZero));
            if (starts.Count == 0 || _marks[nearest].Index > starts[^1].Index)
            {
                starts.Add(_marks[nearest]);
            }
        }

        var slices = new List<CsvSlice>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var start = i == 0 ? firstByte : starts[i].StartByte;
            var (end, endIndex) = i + 1 < starts.Count ? (starts[i + 1].StartByte, starts[i + 1].Index) : (fileLength, rows);
            slices.Add(new CsvSlice(i, start, end, starts[i].Row, starts[i].Line, endIndex - starts[i].Index));
        }

        return slices;
    }

    /// <summary>The fewest slices of at most <paramref name="target"/> rows, rounded up to a multiple of <paramref name="lanes"/> when there are more than that.</summary>
    public static int SliceCount(int rows, int target, int lanes)
    {
        var count = Math.Max(1, (int)Math.Ceiling((double)rows / target));
        return count <= lanes ? count : (int)Math.Ceiling((double)count / lanes) * lanes;
    }

    private readonly record struct Mark(int Index, long StartByte, int Row, int Line);
}
