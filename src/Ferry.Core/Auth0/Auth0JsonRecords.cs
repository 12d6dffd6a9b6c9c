using System.Globalization;

namespace Ferry.Core.Auth0;

/// <summary>The user objects of a JSON array or NDJSON file (or a chunk's range of one), each parsed alone and checked.</summary>
internal sealed class Auth0JsonRecords(JsonRecordSplitter splitter, int maxRecordBytes, bool ignoreUnknown, bool wholeFile, ICollection<string>? ignored)
    : IAuth0RecordSource
{
    private bool _first = true;

    public Auth0InputRecord Current { get; private set; } = null!;

    public (string Message, int Line, int Column)? Failure { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await splitter.ReadAsync(cancellationToken))
        {
            Failure = splitter.Failure;
            return false;
        }

        var span = splitter.Current;
        var first = _first;
        _first = false;
        if (span.Oversize)
        {
            Current = Invalid(span, new Auth0RowError(
                span.Line,
                span.Column,
                null,
                Auth0RowErrorCodes.RecordTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"this user is {span.EndByte - span.StartByte} bytes of JSON, more than a record may be ({maxRecordBytes} bytes)")));
            return true;
        }

        if (span.Broken && first && wholeFile)
        {
            Failure = (
                "the first line does not hold a whole JSON object. NDJSON has one user object on each line; a file of users written over several lines must be a JSON array ([{…},{…}])",
                span.Line,
                span.Column);
            return false;
        }

        var (document, syntax) = Auth0UserJson.Parse(span.Bytes, span.Line, span.Column);
        if (document is null)
        {
            var error = span.Broken
                ? syntax! with { Message = $"{syntax!.Message} (NDJSON has one whole user object on each line)" }
                : syntax!;
            Current = Invalid(span, error);
            return true;
        }

        using (document)
        {
            var user = document.RootElement;
            var (email, userId, username) = Auth0UserJson.Keys(user);
            var (json, problem) = Auth0UserJson.Check(user, ignoreUnknown, static path => path, ignored);
            var rowError = problem is { } p ? new Auth0RowError(span.Line, span.Column, p.Path, p.Code, p.Message) : null;
            Current = new Auth0InputRecord(span.StartByte, span.EndByte, span.Line, span.Column, json, rowError, email, userId, username);
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        splitter.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Auth0InputRecord Invalid(JsonRecordSpan span, Auth0RowError error) =>
        new(span.StartByte, span.EndByte, span.Line, span.Column, null, error, null, null, null);
}
