using System.Globalization;
using System.Runtime.CompilerServices;
using Ferry.Core.Jobs;
using Ferry.Core.Validation;

namespace Ferry.Core.Csv;

/// <summary>
/// Reads a job's CSV file: <see cref="PlanAsync"/> streams the whole file once (format, header, every row validated,
/// repeats found, groups collected, slices of equal size cut), and <see cref="ReadSliceAsync"/> reads one slice's bytes alone with
/// the same results, so a slice can be read by any worker from a byte range of the blob.
/// </summary>
public static class CsvJobReader
{
    /// <summary>
    /// Plans a job from <paramref name="stream"/>, read once from its current position (the start of the file) without
    /// holding the file in memory. Problems with the whole file are a <see cref="CsvPlanResult.Failure"/>; problems with
    /// rows are counted in the plan (<see cref="CsvPlan.InvalidRowCount"/>, <see cref="CsvPlan.FirstErrors"/>).
    /// </summary>
    public static async Task<CsvPlanResult> PlanAsync(
        Stream stream,
        string fileName,
        JobOptions options,
        CsvPlanSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        Validate(settings);

        var head = new byte[CsvFormatSniffer.SampleBytes];
        var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var (format, failure) = CsvFormatSniffer.Sniff(head.AsSpan(0, headLength), fileName);
        if (format is null)
        {
            return new CsvPlanResult(null, failure);
        }

        var encoding = TextEncodingKinds.FromEncoding(format.Encoding);
        var prefix = head.AsMemory(format.PreambleLength, headLength - format.PreambleLength);
        await using var source = new CsvRecordSource(stream, encoding, format.Delimiter, settings.MaxRecordChars, prefix, format.PreambleLength);
        var (header, headerEnd, headerFailure) = await ReadHeaderAsync(source, fileName, options, settings, cancellationToken);
        if (header is null)
        {
            return new CsvPlanResult(null, headerFailure);
        }

        var validator = new RowValidator(header, options.Kind, settings.MaxRecordChars, encoding != TextEncodingKind.Utf8);
        var rows = new CsvRowReader(source, header, validator, firstRow: 1, lineBase: 1, firstLine: 0);
        var duplicates = new DuplicateIndex();
        var duplicateOf = new Dictionary<int, int>();
        var duplicateByEmail = new HashSet<int>();
        var groupsSeen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var groupNames = new List<string>();
        var cutter = new SliceCutter(settings.TargetSliceRows, settings.Lanes);
        var firstErrors = new List<RowError>();
        int rowCount = 0, invalidCount = 0;
        while (await rows.ReadAsync(buildUser: false, cancellationToken))
        {
            cutter.Observe(rowCount, rows.Span.FileStart, rows.Row, rows.Line);
            rowCount++;
            var check = rows.Check;
            var error = check.Error;
            if (error is null)
            {
                if (!duplicates.TryAdd(check.Login!, check.Email, rows.Line, out var earlierLine, out var byEmail))
                {
                    duplicateOf[rows.Line] = earlierLine;
                    if (byEmail)
                    {
                        duplicateByEmail.Add(rows.Line);
                    }

                    error = validator.DuplicateError(rows.Line, earlierLine, byEmail, check.LoginFromEmail);
                }
                else if (!AddGroups(groupsSeen, groupNames, check.GroupNames, settings.MaxDistinctGroups))
                {
                    return CsvPlanResult.Fail(
                        CsvFailureCodes.TooManyGroups,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"'{fileName}' names more than {settings.MaxDistinctGroups} distinct groups. Split the file, or check that the group column holds group names."));
                }
            }

            if (error is not null)
            {
                invalidCount++;
                settings.OnRowError?.Invoke(error);
                if (firstErrors.Count < settings.MaxFirstErrors)
                {
                    firstErrors.Add(error);
                }
            }
        }

        if (rowCount == 0)
        {
            return CsvPlanResult.Fail(
                CsvFailureCodes.NoRows,
                $"'{fileName}' has a header but no rows. Add a row for each user and upload the file again.");
        }

        var slices = cutter.Cut(rowCount, headerEnd, source.FileLength);
        var plan = new CsvPlan(fileName, format, header, rowCount, invalidCount, duplicateOf, groupNames, slices, firstErrors)
        {
            DuplicateByEmail = duplicateByEmail,
            Kind = options.Kind,
            MaxRecordChars = settings.MaxRecordChars,
        };
        return CsvPlanResult.Success(plan);
    }

    /// <summary>
    /// Reads one slice from <paramref name="sliceBytes"/>, a stream of exactly the bytes [<see cref="CsvSlice.StartByte"/>,
    /// <see cref="CsvSlice.EndByte"/>) of the planned file (such as a range read of the blob): one row per record, with
    /// the row and line numbers and the validation result of the plan pass, repeats of earlier rows included.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes do not hold the slice's rows (the file changed since it was planned).</exception>
    public static async IAsyncEnumerable<ParsedRow> ReadSliceAsync(
        Stream sliceBytes,
        CsvPlan plan,
        CsvSlice slice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sliceBytes);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(slice);
        var encoding = TextEncodingKinds.FromEncoding(plan.Format.Encoding);
        var validator = new RowValidator(plan.Header, plan.Kind, plan.MaxRecordChars, encoding != TextEncodingKind.Utf8);
        await using var source = new CsvRecordSource(
            sliceBytes,
            encoding,
            plan.Format.Delimiter,
            plan.MaxRecordChars,
            ReadOnlyMemory<byte>.Empty,
            slice.StartByte);
        var rows = new CsvRowReader(source, plan.Header, validator, slice.FirstRow, lineBase: null, firstLine: slice.FirstLine);
        var count = 0;
        while (await rows.ReadAsync(buildUser: true, cancellationToken))
        {
            if (++count > slice.RowCount)
            {
                throw SliceMismatch(plan, slice, "more rows than");
            }

            var check = rows.Check;
            var error = check.Error;
            var user = check.User;
            if (error is null && plan.DuplicateOf.TryGetValue(rows.Line, out var earlierLine))
            {
                error = validator.DuplicateError(rows.Line, earlierLine, plan.DuplicateByEmail.Contains(rows.Line), check.LoginFromEmail);
                user = null;
            }

            yield return new ParsedRow(rows.Row, rows.Line, check.Login, check.Email, user, error) { StartByte = rows.Span.FileStart };
        }

        if (count != slice.RowCount)
        {
            throw SliceMismatch(plan, slice, "fewer rows than");
        }
    }

    /// <summary>Reads every slice of a seekable stream of the whole planned file, in order (for in-process runs and tests).</summary>
    public static async IAsyncEnumerable<ParsedRow> ReadAllAsync(
        Stream wholeFile,
        CsvPlan plan,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wholeFile);
        ArgumentNullException.ThrowIfNull(plan);
        if (!wholeFile.CanSeek)
        {
            throw new ArgumentException("ReadAllAsync needs a seekable stream; read a stream slice by slice with ReadSliceAsync.", nameof(wholeFile));
        }

        foreach (var slice in plan.Slices)
        {
            wholeFile.Seek(slice.StartByte, SeekOrigin.Begin);
            await using var range = new RangeReadStream(wholeFile, slice.EndByte - slice.StartByte);
            await foreach (var row in ReadSliceAsync(range, plan, slice, cancellationToken))
            {
                yield return row;
            }
        }
    }

    private static async Task<(CsvHeader? Header, long End, JobFailure? Failure)> ReadHeaderAsync(
        CsvRecordSource source,
        string fileName,
        JobOptions options,
        CsvPlanSettings settings,
        CancellationToken cancellationToken)
    {
        var (headers, end, failure) = await ReadHeaderCellsAsync(source, fileName, settings.MaxColumns, cancellationToken);
        if (headers is null)
        {
            return (null, 0, failure);
        }

        var mapped = HeaderMap.Map(headers, options, fileName);
        return (mapped.Header, end, mapped.Failure);
    }

    /// <summary>
    /// Reads the header line (the first record that is not blank): its cells trimmed, and the file offset just past it;
    /// or the failure of a header that is too long, too wide, badly quoted or missing. Shared by every reader of CSV files.
    /// </summary>
    internal static async Task<(string[]? Headers, long End, JobFailure? Failure)> ReadHeaderCellsAsync(
        CsvRecordSource source,
        string fileName,
        int maxColumns,
        CancellationToken cancellationToken)
    {
        while (await source.ReadAsync(cancellationToken))
        {
            var span = source.Span;
            if (source.FieldCount > maxColumns)
            {
                return Fail(
                    CsvFailureCodes.TooManyColumns,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"'{fileName}' has more than {maxColumns} columns{(span.Truncated ? string.Empty : $" ({source.FieldCount})")}. Check the delimiter, or remove the columns the job does not need."));
            }

            if (span.Truncated)
            {
                return Fail(
                    CsvFailureCodes.HeaderTooLong,
                    $"'{fileName}': the header line is longer than a line may be{(span.UnclosedQuote ? " (a quote in it is probably never closed)" : string.Empty)}. Check that the first line is the header.");
            }

            var headers = new string[source.FieldCount];
            var any = false;
            for (var i = 0; i < headers.Length; i++)
            {
                headers[i] = source.GetTrimmedString(i);
                any |= headers[i].Length > 0;
            }

            if (!any && source.MalformedField < 0)
            {
                // A line of blanks or separators before the header.
                continue;
            }

            if (span.UnclosedQuote || source.MalformedField >= 0)
            {
                return Fail(
                    CsvFailureCodes.MalformedHeader,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"'{fileName}': the header line has malformed quoting in column {source.MalformedField + 1}. Quote a header only as a whole (\"like this\") and upload the file again."));
            }

            return (headers, span.FileEnd, null);
        }

        return Fail(CsvFailureCodes.NoHeader, $"'{fileName}' has no header line: it holds only blank lines. Export the users again and upload the CSV file.");
    }

    private static bool AddGroups(HashSet<string> seen, List<string> names, IReadOnlyList<string> groups, int max)
    {
        foreach (var group in groups)
        {
            if (seen.Add(group))
            {
                names.Add(group);
                if (names.Count > max)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static InvalidDataException SliceMismatch(CsvPlan plan, CsvSlice slice, string how) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Slice {slice.Index} of '{plan.FileName}' (bytes {slice.StartByte}-{slice.EndByte}) has {how} the {slice.RowCount} rows planned: the file changed after it was planned, or the bytes are not the slice's."));

    private static (string[]?, long, JobFailure?) Fail(string code, string message) => (null, 0, new JobFailure(code, message));

    private static void Validate(CsvPlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.TargetSliceRows, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Lanes, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxDistinctGroups, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxColumns, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxRecordChars, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MaxFirstErrors, nameof(settings));
    }
}
