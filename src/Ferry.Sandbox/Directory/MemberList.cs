namespace Ferry.Sandbox.Directory;

/// <summary>
/// An insertion-ordered set of ids with O(1) add, remove, contains and "position of" (for paging cursors).
/// Removed entries leave a hole so positions stay stable.
/// </summary>
public sealed class MemberList
{
    private readonly List<string?> _entries = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public int Count => _positions.Count;

    public bool Add(string id)
    {
        if (_positions.ContainsKey(id))
        {
            return false;
        }

        _positions[id] = _entries.Count;
        _entries.Add(id);
        return true;
    }

    public bool Remove(string id)
    {
        if (!_positions.Remove(id, out var position))
        {
            return false;
        }

        _entries[position] = null;
        return true;
    }

    public bool Contains(string id) => _positions.ContainsKey(id);

    public void Clear()
    {
        _entries.Clear();
        _positions.Clear();
    }

    /// <summary>Ids after the entry <paramref name="after"/> (from the start when null), in insertion order.</summary>
    public IEnumerable<string> After(string? after)
    {
        var start = 0;
        if (after is not null && _positions.TryGetValue(after, out var position))
        {
            start = position + 1;
        }

        for (var i = start; i < _entries.Count; i++)
        {
            if (_entries[i] is { } id)
            {
                yield return id;
            }
        }
    }
}
