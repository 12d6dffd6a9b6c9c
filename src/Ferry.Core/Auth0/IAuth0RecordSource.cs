namespace Ferry.Core.Auth0;

/// <summary>The records of an Auth0 input in file order, each read and checked alone.</summary>
internal interface IAuth0RecordSource : IAsyncDisposable
{
    Auth0InputRecord Current { get; }

    /// <summary>Why the rest of the file cannot be read (JSON structure), once <see cref="ReadAsync"/> has returned false.</summary>
    (string Message, int Line, int Column)? Failure { get; }

    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);
}
