namespace Ferry.Durable.Tests;

/// <summary>
/// Two async-sequence helpers, written out because System.Linq.Async (pulled in by the Azure Storage provider) and
/// .NET 10's System.Linq.AsyncEnumerable both define ToListAsync/FirstAsync and the calls would be ambiguous.
/// </summary>
internal static class AsyncSequences
{
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> items, CancellationToken cancellation)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellation))
        {
            list.Add(item);
        }

        return list;
    }

    public static async Task<T> FirstPageAsync<T>(this IAsyncEnumerator<T> pages)
    {
        await using (pages)
        {
            return await pages.MoveNextAsync() ? pages.Current : throw new InvalidOperationException("no page");
        }
    }
}
