using System.Buffers;
using System.Globalization;
using Ferry.Core.Csv;
using Ferry.Core.Jobs;

namespace Ferry.Core.Auth0;

/// <summary>
/// Reads an Auth0 import's input: <see cref="PlanAsync"/> streams the whole file once (format, CSV header, every record
/// checked, repeats found, chunks cut under the byte cap), and <see cref="ReadChunkAsync"/> rebuilds one chunk's payload
/// from that chunk's byte range alone, byte for byte as the plan measured it, so any worker can build it at any time
/// from the pinned input and nothing but the plan is kept in the orchestration's history.
/// </summary>
public static class Auth0JobReader
{
    /// <summary>
    /// Plans an import from <paramref name="stream"/>, read once from its current position (the start of the file)
    /// without holding the file in memory. Whole-file problems are a <see cref="Auth0PlanResult.Failure"/>; record problems
    /// are counted in the plan (<see cref="Auth0Plan.InvalidCount"/>, <see cref="Auth0Plan.FirstErrors"/>).
    /// </summary>
    /// <param name="options">Only <see cref="JobOptions.IgnoreUnknownColumns"/> is read.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (a chunk cap above 500 KB).</exception>
    public static async Task<Auth0PlanResult> PlanAsync(
        Stream stream,
        string fileName,
        JobOptions options,
        Auth0PlanSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var head = new byte[CsvFormatSniffer.SampleBytes];
        var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0)
        {
            return Auth0PlanResult.Fail(CsvFailureCodes.EmptyFile, $"'{fileName}' is empty (0 bytes). Export the users again and upload the file.");
        }

        var (format, preamble, failure) = Auth0InputSniffer.Sniff(head.AsSpan(0, headLength), fileName);
        if (failure is not null)
        {
            return new Auth0PlanResult(null, failure);
        }

        Auth0CsvLayout? layout = null;
        IReadOnlyList<string> ignoredColumns = [];
        var ignoredProperties = new SortedSet<string>(StringComparer.Ordinal);
        IAuth0RecordSource source;
        if (format == Auth0InputFormat.Csv)
        {
            var (csvFormat, csvFailure) = CsvFormatSniffer.Sniff(head.AsSpan(0, headLength), fileName);
            if (csvFormat is null)
            {
                return new Auth0PlanResult(null, csvFailure);
            }

            var encoding = TextEncodingKinds.FromEncoding(csvFormat.Encoding);
            var prefix = head.AsMemory(csvFormat.PreambleLength, headLength - csvFormat.PreambleLength);
            var records = new CsvRecordSource(stream, encoding, csvFormat.Delimiter, settings.MaxRecordBytes, prefix, csvFormat.PreambleLength);
            var (headers, _, headerFailure) = await CsvJobReader.ReadHeaderCellsAsync(records, fileName, settings.MaxColumns, cancellationToken);
            if (headers is null)
            {
                await records.DisposeAsync();
                return new Auth0PlanResult(null, headerFailure);
            }

            var (columns, ignored, mapFailure) = Auth0HeaderMap.Map(headers, options.IgnoreUnknownColumns, fileName);
            if (columns is null)
            {
                await records.DisposeAsync();
                return new Auth0PlanResult(null, mapFailure);
            }

            layout = new Auth0CsvLayout(csvFormat.Encoding.WebName, csvFormat.PreambleLength, csvFormat.Delimiter, headers);
            ignoredColumns = ignored;
            source = new Auth0CsvRecords(records, columns, lineBase: 1, firstLine: 0, settings.MaxRecordBytes);
        }
        else
        {
            var splitter = new JsonRecordSplitter(
                stream,
                head.AsMemory(preamble, headLength - preamble),
                preamble,
                line: 1,
                column: 1,
                lines: format == Auth0InputFormat.Ndjson,
                range: false,
                settings.MaxRecordBytes);
            source = new Auth0JsonRecords(splitter, settings.MaxRecordBytes, options.IgnoreUnknownColumns, wholeFile: true, ignoredProperties);
        }

        await using (source)
        {
            var keys = new Auth0KeyIndex();
            var duplicates = new List<Auth0Duplicate>();
            var chunks = new List<Auth0Chunk>();
            var firstErrors = new List<string>();
            var cut = new ChunkCutter(settings, chunks);
            int rowCount = 0, invalidCount = 0, unverified = 0;
            while (await source.ReadAsync(cancellationToken))
            {
                var record = source.Current;
                var row = ++rowCount;
                var (json, error) = Settle(record, settings.MaxChunkBytes, settings.OwnerTag);
                if (error is null && !keys.TryAdd(record.Email, record.UserId, record.Username, record.Line, out var key, out var firstLine))
                {
                    duplicates.Add(new Auth0Duplicate(row, key, firstLine));
                    (json, error) = (null, DuplicateError(record, key, firstLine));
                }

                cut.Add(record, row, json?.Length);
                unverified += json is not null && !HasTopLevel(json, "email_verified"u8) ? 1 : 0;
                if (error is not null)
                {
                    invalidCount++;
                    settings.OnRowError?.Invoke(error);
                    if (firstErrors.Count < settings.MaxFirstErrors)
                    {
                        firstErrors.Add(error.Format(fileName));
                    }
                }
            }

            if (source.Failure is { } broken)
            {
                return Auth0PlanResult.Fail(
                    Auth0FailureCodes.MalformedJson,
                    string.Create(CultureInfo.InvariantCulture, $"{fileName}:{broken.Line}:{broken.Column}: {broken.Message}. Fix the file and upload it again."));
            }

            if (rowCount == 0)
            {
                return Auth0PlanResult.Fail(
                    Auth0FailureCodes.NoRows,
                    $"'{fileName}' holds no users{(format == Auth0InputFormat.Csv ? " (a header but no rows)" : string.Empty)}. Add a record for each user and upload the file again.");
            }

            cut.Close();
            var plan = new Auth0Plan(
                fileName,
                format,
                layout,
                rowCount,
                invalidCount,
                firstErrors,
                format == Auth0InputFormat.Csv ? ignoredColumns : [.. ignoredProperties],
                duplicates,
                chunks)
            {
                IgnoreUnknownColumns = options.IgnoreUnknownColumns,
                MaxRecordBytes = settings.MaxRecordBytes,
                MaxChunkBytes = settings.MaxChunkBytes,
                OwnerTag = settings.OwnerTag,
                Warnings = unverified == 0 ? [] : [EmailVerifiedWarning(fileName, format, layout, unverified)],
            };
            return Auth0PlanResult.Success(plan);
        }
    }

    /// <summary>
    /// Rebuilds one chunk from <paramref name="rangeStream"/>, a stream of exactly the bytes [<see cref="Auth0Chunk.StartByte"/>,
    /// <see cref="Auth0Chunk.EndByte"/>) of the planned file (such as a range read of the blob): the payload to post, and
    /// every record with the plan pass's result (repeats of earlier records included).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes do not give the chunk the plan measured (the file changed since, or the range is wrong).</exception>
    public static async Task<Auth0ChunkPayload> ReadChunkAsync(
        Stream rangeStream,
        Auth0Plan plan,
        Auth0Chunk chunk,
        string fileName,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rangeStream);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(fileName);
        var duplicates = plan.Duplicates
            .Where(d => d.Row >= chunk.FirstRow && d.Row < chunk.FirstRow + chunk.Rows)
            .ToDictionary(d => d.Row);
        await using var source = OpenRange(rangeStream, plan, chunk);
        var payload = new ArrayBufferWriter<byte>(Math.Max(16, chunk.PayloadBytes));
        payload.Write("["u8);
        var records = new List<Auth0Record>(chunk.Rows);
        var users = 0;
        while (await source.ReadAsync(cancellationToken))
        {
            var record = source.Current;
            var row = chunk.FirstRow + records.Count;
            if (records.Count == chunk.Rows)
            {
                throw Mismatch(plan, chunk, "more records than");
            }

            var (json, error) = Settle(record, plan.MaxChunkBytes, plan.OwnerTag);
            if (error is null && duplicates.TryGetValue(row, out var duplicate))
            {
                (json, error) = (null, DuplicateError(record, duplicate.Key, duplicate.FirstLine));
            }

            int? index = null;
            if (json is not null)
            {
                if (users > 0)
                {
                    payload.Write(","u8);
                }

                payload.Write(json);
                index = users++;
            }

            records.Add(new Auth0Record(row, record.Line, index, record.Email, record.UserId, record.Username, error));
        }

        payload.Write("]"u8);
        if (source.Failure is not null || records.Count != chunk.Rows)
        {
            throw Mismatch(plan, chunk, source.Failure is null ? "fewer records than" : "a broken record among");
        }

        if (users != chunk.Users || payload.WrittenCount != chunk.PayloadBytes)
        {
            throw Mismatch(plan, chunk, "other users than");
        }

        return new Auth0ChunkPayload(payload.WrittenMemory, records);
    }

    /// <summary>Reads every chunk of a seekable stream of the whole planned file, in order (for in-process runs and tests).</summary>
    public static async IAsyncEnumerable<Auth0ChunkPayload> ReadAllAsync(
        Stream wholeFile,
        Auth0Plan plan,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wholeFile);
        ArgumentNullException.ThrowIfNull(plan);
        if (!wholeFile.CanSeek)
        {
            throw new ArgumentException("ReadAllAsync needs a seekable stream; read a stream chunk by chunk with ReadChunkAsync.", nameof(wholeFile));
        }

        foreach (var chunk in plan.Chunks)
        {
            wholeFile.Seek(chunk.StartByte, SeekOrigin.Begin);
            await using var range = new RangeReadStream(wholeFile, chunk.EndByte - chunk.StartByte);
            yield return await ReadChunkAsync(range, plan, chunk, plan.FileName, cancellationToken);
        }
    }

    private static IAuth0RecordSource OpenRange(Stream rangeStream, Auth0Plan plan, Auth0Chunk chunk)
    {
        if (plan.Format == Auth0InputFormat.Csv)
        {
            var layout = plan.Csv ?? throw new ArgumentException("A CSV plan has no CSV layout.", nameof(plan));
            var encoding = layout.Encoding.ToUpperInvariant() switch
            {
                "UTF-16" or "UTF-16LE" => TextEncodingKind.Utf16LittleEndian,
                "UTF-16BE" or "UNICODEFFFE" => TextEncodingKind.Utf16BigEndian,
                _ => TextEncodingKind.Utf8,
            };
            var (columns, _, failure) = Auth0HeaderMap.Map(layout.Headers, plan.IgnoreUnknownColumns, plan.FileName);
            if (columns is null)
            {
                throw new InvalidDataException($"The plan's header of '{plan.FileName}' no longer maps: {failure?.Message}");
            }

            var records = new CsvRecordSource(rangeStream, encoding, layout.Delimiter, plan.MaxRecordBytes, ReadOnlyMemory<byte>.Empty, chunk.StartByte);
            return new Auth0CsvRecords(records, columns, lineBase: null, chunk.FirstLine, plan.MaxRecordBytes);
        }

        var splitter = new JsonRecordSplitter(
            rangeStream,
            ReadOnlyMemory<byte>.Empty,
            chunk.StartByte,
            chunk.FirstLine,
            chunk.FirstColumn,
            lines: plan.Format == Auth0InputFormat.Ndjson,
            range: true,
            plan.MaxRecordBytes);
        return new Auth0JsonRecords(splitter, plan.MaxRecordBytes, plan.IgnoreUnknownColumns, wholeFile: false, ignored: null);
    }

    /// <summary>
    /// The record's JSON as sent (tagged with the job's id when there is one), or its error: its own, or that its user
    /// alone is more than a chunk may hold.
    /// </summary>
    private static (byte[]? Json, Auth0RowError? Error) Settle(Auth0InputRecord record, int maxChunkBytes, string? ownerTag)
    {
        if (record.Error is not null || record.Json is null)
        {
            return (null, record.Error);
        }

        var json = ownerTag is null ? record.Json : Auth0Ownership.Tag(record.Json, ownerTag);
        if (json.Length + 2 > maxChunkBytes)
        {
            return (null, new Auth0RowError(
                record.Line,
                record.Column,
                null,
                Auth0RowErrorCodes.UserTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"this user's JSON is {json.Length} bytes: more than one import file may hold ({maxChunkBytes} bytes with its brackets)")));
        }

        return (json, null);
    }

    /// <summary>Whether the compact user object <paramref name="json"/> has the top-level property <paramref name="name"/>.</summary>
    private static bool HasTopLevel(byte[] json, ReadOnlySpan<byte> name)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                return true;
            }

            if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return false;
    }

    private static string EmailVerifiedWarning(string fileName, Auth0InputFormat format, Auth0CsvLayout? layout, int users) =>
        format == Auth0InputFormat.Csv && layout is not null && !layout.Headers.Any(h => Auth0HeaderMap.Normalize(h) == "emailverified")
            ? $"'{fileName}' has no email_verified column: Auth0 imports every user with email_verified=false, and each is asked to verify their address. Add email_verified=true for the addresses you have verified."
            : string.Create(CultureInfo.InvariantCulture, $"'{fileName}': {users} user(s) have no email_verified: Auth0 imports them with email_verified=false, and each is asked to verify their address. Set email_verified=true for the addresses you have verified.");

    private static Auth0RowError DuplicateError(Auth0InputRecord record, string key, int firstLine)
    {
        var (column, field) = record.Locate(key);
        return new Auth0RowError(
            record.Line,
            column,
            field,
            Auth0RowErrorCodes.Duplicate,
            string.Create(CultureInfo.InvariantCulture, $"duplicate of line {firstLine}: the same {field} as the user there"));
    }

    private static InvalidDataException Mismatch(Auth0Plan plan, Auth0Chunk chunk, string how) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Chunk {chunk.Index} of '{plan.FileName}' (bytes {chunk.StartByte}-{chunk.EndByte}) has {how} the plan measured: the file changed after it was planned, or the bytes are not the chunk's."));

    /// <summary>Cuts chunks as records arrive: a new chunk starts where adding a user would pass a cap.</summary>
    private sealed class ChunkCutter(Auth0PlanSettings settings, List<Auth0Chunk> chunks)
    {
        private long _start;
        private long _end;
        private int _firstRow;
        private int _firstLine;
        private int _firstColumn;
        private int _rows;
        private int _users;
        private int _payload;

        /// <param name="userBytes">The length of the record's user JSON; null when the record is invalid.</param>
        public void Add(Auth0InputRecord record, int row, int? userBytes)
        {
            if (_rows > 0
                && (_rows >= settings.MaxChunkRows
                    || (userBytes is { } size && (_users >= settings.MaxChunkUsers || _payload + (_users > 0 ? 1 : 0) + size > settings.MaxChunkBytes))))
            {
                Close();
            }

            if (_rows == 0)
            {
                (_start, _firstRow, _firstLine, _firstColumn, _users, _payload) = (record.StartByte, row, record.Line, record.Column, 0, 2);
            }

            _rows++;
            _end = record.EndByte;
            if (userBytes is { } bytes)
            {
                _payload += (_users > 0 ? 1 : 0) + bytes;
                _users++;
            }
        }

        public void Close()
        {
            if (_rows > 0)
            {
                chunks.Add(new Auth0Chunk(chunks.Count, _start, _end, _firstRow, _firstLine, _firstColumn, _rows, _users, _payload));
                _rows = 0;
            }
        }
    }
}
