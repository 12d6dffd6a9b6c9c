using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace Ferry.Testing;

/// <summary>
/// A job's orchestration histories as the task hub's History table holds them: the largest, in events, over the job
/// and every orchestration it started (its groups phases and lanes, each in its current execution — a lane that
/// continued as new keeps only its last generation's history). What a replay of that instance reads.
/// </summary>
public static class TaskHubHistory
{
    public const string TaskHub = "ferry";

    public static async Task<(string Instance, int Events)> LargestAsync(AzuriteHost azurite, string jobId, string taskHub = TaskHub, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var table = new TableClient(azurite.ConnectionString, $"{taskHub}History");
        // The job's own partition and its children's ("{job}:…"): ':' sorts right after the id, ';' right after ':'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {jobId} and PartitionKey lt {jobId + ";"}");
        var counts = new Dictionary<(string, string), int>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "ExecutionId"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey != jobId && !row.PartitionKey.StartsWith(jobId + ":", StringComparison.Ordinal))
            {
                continue; // a rerun's id starts with this one's
            }

            var key = (row.PartitionKey, row.GetString("ExecutionId") ?? "");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var largest = counts.OrderByDescending(c => c.Value).FirstOrDefault();
        return (largest.Key.Item1 ?? jobId, largest.Value);
    }

    /// <summary>Every property of every history event of the job and its children, as text (to look for what must not be there).</summary>
    public static async Task<string> TextAsync(AzuriteHost azurite, string jobId, string taskHub = TaskHub, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var table = new TableClient(azurite.ConnectionString, $"{taskHub}History");
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {jobId} and PartitionKey lt {jobId + ";"}");
        var text = new StringBuilder();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            foreach (var (key, value) in row)
            {
                text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }
}
