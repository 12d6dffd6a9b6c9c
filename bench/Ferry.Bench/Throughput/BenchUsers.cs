using System.Globalization;
using System.Text;

namespace Ferry.Bench.Throughput;

/// <summary>One generated user: 1–3 groups from a pool, as an HR export would have them.</summary>
internal sealed record BenchUser(int Row, string Login, string FirstName, string LastName, IReadOnlyList<string> Groups);

/// <summary>The benchmark's input: deterministic users and the CSV Ferry reads (Okta's own sample header).</summary>
internal static class BenchUsers
{
    public static IReadOnlyList<string> GroupNames(int count) =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"Bench Group {i:D2}")).ToList();

    public static IReadOnlyList<BenchUser> Generate(int count, IReadOnlyList<string> groups, int seed, string domain = "bench.example.com")
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count)
            .Select(row =>
            {
                var picked = groups.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
                return new BenchUser(row, string.Create(CultureInfo.InvariantCulture, $"user{row:D7}@{domain}"), "Bench", string.Create(CultureInfo.InvariantCulture, $"User {row}"), picked);
            })
            .ToList();
    }

    /// <summary><c>First Name,Last Name,Email Address,Groups</c> with groups joined by <c>;</c>.</summary>
    public static string Csv(IEnumerable<BenchUser> users)
    {
        var csv = new StringBuilder("First Name,Last Name,Email Address,Groups\n");
        foreach (var user in users)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{user.FirstName},{user.LastName},{user.Login},{string.Join(';', user.Groups)}\n");
        }

        return csv.ToString();
    }
}
