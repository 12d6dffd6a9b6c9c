namespace Ferry.Orchestration.Auth0;

/// <summary>How a chunk's outcomes are found.</summary>
public enum ChunkEnd
{
    /// <summary>No valid user: only invalid rows, nothing sent.</summary>
    NothingToSend,

    /// <summary>Auth0's job completed: its errors are read and mapped to rows; the rest were imported.</summary>
    Completed,

    /// <summary>Auth0's job data is gone, or its jobs kept failing: each user is looked up in the connection.</summary>
    LookUp,

    /// <summary>Auth0 never accepted the chunk: every user fails with the reason.</summary>
    NotSent,
}
