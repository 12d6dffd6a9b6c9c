using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Bench;

/// <summary>
/// <c>parse [--rows N] [--seed S]</c>: writes a realistic import CSV of N rows to a temporary file (not timed), then
/// times the plan pass (<see cref="CsvJobReader.PlanAsync"/>) and a read of every slice (<see cref="CsvJobReader.ReadAllAsync"/>)
/// and prints rows per second for each and combined, with the peak working set and what the GC saw.
/// Targets for 1,000,000 rows: at least 100,000 rows/s and a peak working set under 200 MB.
/// </summary>
internal static class ParseBenchmark
{
    private static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "José", "Zoë",
        "Łukasz", "Søren", "François", "Chloé", "Ngozi", "Wei", "Aiko", "Mohammed", "Priya", "Björn", "Ana", "Mateo",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Müller", "García", "Núñez",
        "O'Brien", "Kowalski", "Østergaard", "Dubois", "Okafor", "Chen", "Tanaka", "Haddad", "Sharma", "Lindqvist", "Silva",
    ];

    private static readonly string[] Departments =
    [
        "Sales", "Engineering", "Marketing", "Finance", "Human Resources", "Legal", "Support", "Operations", "Research",
        "Facilities",
    ];

    private static readonly string[] Groups = Enumerable.Range(0, 50)
        .Select(i => i switch
        {
            < 10 => $"All {Departments[i]}",
            < 20 => $"{Departments[i - 10]} EMEA",
            < 30 => $"{Departments[i - 20]} Americas",
            < 40 => $"{Departments[i - 30]} APAC",
            _ => $"Project {(char)('A' + i - 40)}ürich",
        })
        .ToArray();

    public static async Task<int> RunAsync(BenchArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rows = args.Int("rows", 1_000_000);
        var seed = args.Int("seed", 42);
        var path = Path.Combine(Path.GetTempPath(), $"ferry-parse-{Environment.ProcessId}-{seed}.csv");
        try
        {
            var generation = Stopwatch.StartNew();
            Generate(path, rows, seed);
            var size = new FileInfo(path).Length;
            Console.WriteLine(Invariant($"generated {rows:N0} rows, {size / 1024.0 / 1024.0:F1} MB in {generation.Elapsed.TotalSeconds:F1} s (not timed)"));

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            var planTimer = Stopwatch.StartNew();
            CsvPlan plan;
            await using (var file = Open(path))
            {
                var result = await CsvJobReader.PlanAsync(file, Path.GetFileName(path), new JobOptions(), CsvPlanSettings.Default, CancellationToken.None);
                if (result.Plan is null)
                {
                    Console.Error.WriteLine($"plan failed: {result.Failure}");
                    return 1;
                }

                plan = result.Plan;
            }

            var planSeconds = planTimer.Elapsed.TotalSeconds;
            var readTimer = Stopwatch.StartNew();
            long read = 0, valid = 0;
            await using (var file = Open(path))
            {
                await foreach (var row in CsvJobReader.ReadAllAsync(file, plan, CancellationToken.None))
                {
                    read++;
                    valid += row.User is null ? 0 : 1;
                }
            }

            var readSeconds = readTimer.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            using var process = Process.GetCurrentProcess();
            process.Refresh();

            Console.WriteLine(Machine.Describe());
            Console.WriteLine(Invariant($"plan:     {plan.RowCount:N0} rows ({plan.InvalidRowCount:N0} invalid, {plan.Slices.Count} slices, {plan.GroupNames.Count} groups) in {planSeconds:F2} s = {plan.RowCount / planSeconds:N0} rows/s"));
            Console.WriteLine(Invariant($"read all: {read:N0} rows ({valid:N0} valid) in {readSeconds:F2} s = {read / readSeconds:N0} rows/s"));
            Console.WriteLine(Invariant($"combined: {(plan.RowCount + read) / (planSeconds + readSeconds):N0} rows/s ({rows / (planSeconds + readSeconds):N0} file rows/s through both passes)"));
            Console.WriteLine(Invariant($"memory:   peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB, GC heap {gc.HeapSizeBytes / 1024.0 / 1024.0:F0} MB, committed {gc.TotalCommittedBytes / 1024.0 / 1024.0:F0} MB, allocated {allocated / 1024.0 / 1024.0:F0} MB, collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
            return read == plan.RowCount ? 0 : 1;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>login,email,firstName,lastName,department,groups with 1-3 of 50 group names; about one name in four is not ASCII.</summary>
    private static void Generate(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.Write("login,email,firstName,lastName,department,groups\n");
        var groups = new List<string>(3);
        for (var i = 0; i < rows; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var login = Invariant($"{Ascii(first)}.{Ascii(last)}.{i}@example.com");
            groups.Clear();
            var count = random.Next(1, 4);
            while (groups.Count < count)
            {
                var group = Groups[random.Next(Groups.Length)];
                if (!groups.Contains(group))
                {
                    groups.Add(group);
                }
            }

            writer.Write(login);
            writer.Write(',');
            writer.Write(login);
            writer.Write(',');
            writer.Write(first);
            writer.Write(',');
            writer.Write(last.Contains('\'', StringComparison.Ordinal) ? $"\"{last}\"" : last);
            writer.Write(',');
            writer.Write(Departments[random.Next(Departments.Length)]);
            writer.Write(',');
            writer.Write(string.Join(';', groups));
            writer.Write(i % 10 == 0 ? "\r\n" : "\n");
        }
    }

    private static string Ascii(string name) =>
        new(name.Normalize(NormalizationForm.FormD).Where(c => char.IsAsciiLetter(c)).Select(char.ToLowerInvariant).ToArray());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
