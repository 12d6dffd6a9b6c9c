using Microsoft.DurableTask;

namespace Ferry.Orchestration;

/// <summary>
/// How an activity that failed for want of storage or the network is tried again: Ferry's activities are safe to run
/// twice (a batch's outcomes are committed once, by ETag; reports and plans are rewritten whole), so a storage outage
/// pauses a job instead of failing it. 12 attempts, 2 s after the first failure and twice as long each time up to a
/// minute: about 7 minutes of outage. Any other failure (a bug, input that changed under the job) is not retried.
/// </summary>
public static class ActivityRetry
{
    /// <summary>Errors that say "try again later": Azure Storage's answers and retries given up, the network, time-outs.</summary>
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "Azure.RequestFailedException",
        "System.AggregateException",
        "System.Net.Http.HttpRequestException",
        "System.Net.Sockets.SocketException",
        "System.IO.IOException",
        "System.TimeoutException",
        "System.OperationCanceledException",
        "System.Threading.Tasks.TaskCanceledException",
    };

    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 12,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1))
    {
        HandleFailure = IsTransient,
    });

    /// <summary>Whether a failure (or one it wraps) is one of <see cref="Transient"/>.</summary>
    public static bool IsTransient(TaskFailureDetails? failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (Transient.Contains(f.ErrorType))
            {
                return true;
            }
        }

        return false;
    }
}
