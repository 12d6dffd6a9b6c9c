namespace Ferry.Cli;

/// <summary>The <c>ferry</c> command's exit codes (docs/cli.md): stable, for scripts and CI.</summary>
public static class ExitCodes
{
    /// <summary>Done: the file is clean, the job completed with every row done, the command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Rows are invalid (validate) or need attention (migrate: invalid or failed rows in a completed job).</summary>
    public const int RowsNeedAttention = 1;

    /// <summary>The whole file fails (validate), or the job failed or was terminated (migrate).</summary>
    public const int FileOrJobFailed = 2;

    /// <summary>No such job, or no such report (yet).</summary>
    public const int NotFound = 3;

    /// <summary>Not possible now: the job has finished already, is not waiting, or has nothing to rerun (409, 422).</summary>
    public const int NotPossibleNow = 4;

    /// <summary>The server cannot be reached or answered with an error of its own (5xx, 503 while storage is down).</summary>
    public const int ServerUnavailable = 5;

    /// <summary>The server refused the key (401): set --key, FERRY_KEY or the profile's key.</summary>
    public const int Unauthorized = 6;

    /// <summary>A usage error: an unknown command or flag, a missing argument, a bad --option (also the server's 400).</summary>
    public const int Usage = 64;

    /// <summary>The input file does not exist or cannot be read.</summary>
    public const int NoInput = 66;
}
