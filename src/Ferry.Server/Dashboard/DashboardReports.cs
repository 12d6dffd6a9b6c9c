using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using CsvHelper;
using Ferry.Core.Reports;
using Ferry.Storage;
using Ferry.Storage.Reports;

namespace Ferry.Server.Dashboard;

/// <summary>A job's reports read from the reports container, server-side: the browser never gets a storage URL or SAS.</summary>
public sealed class DashboardReports(FerryStorage storage)
{
    /// <summary>Rows of failed.csv the job page lists; the whole file is a download.</summary>
    public const int MaxListedRows = 200;

    /// <summary>
    /// The most of failed.csv one look reads (its start): room for <see cref="MaxListedRows"/> rows of a kilobyte each.
    /// A longer file's count comes from summary.json (<c>rowsNeedingAttention</c>).
    /// </summary>
    public const int MaxReadBytes = 256 * 1024;

    // The last page read of each job's failed.csv, by the version (ETag) it was read from: an unchanged report costs a
    // 304 and no parsing. Cleared when it holds many jobs (each entry is at most MaxListedRows rows).
    private const int MaxRemembered = 500;
    private readonly ConcurrentDictionary<string, (ETag ETag, FailedRows Page)> _pages = new(StringComparer.Ordinal);

    /// <summary>The report's content, or null when the job has none (yet); <paramref name="id"/> keeps <c>JobIds</c>' rule (the routes check).</summary>
    public async Task<BlobDownloadStreamingResult?> OpenAsync(string id, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.Reports.GetCheckedBlobClient(BlobReports.BlobName(id, name)).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The first <see cref="MaxListedRows"/> rows of the job's failed.csv and how many it holds, from at most
    /// <see cref="MaxReadBytes"/> of it (one ranged read; a 304 when it has not changed since this node last read it).
    /// </summary>
    public async Task<FailedRows> FailedRowsAsync(string id, CancellationToken cancellationToken)
    {
        var known = _pages.TryGetValue(id, out var page) ? page : default;
        Response<BlobDownloadResult> response;
        try
        {
            response = await storage.Reports.GetCheckedBlobClient(BlobReports.BlobName(id, ReportNames.Failed)).DownloadContentAsync(
                new BlobDownloadOptions
                {
                    Range = new HttpRange(0, MaxReadBytes),
                    Conditions = known.Page is null ? null : new BlobRequestConditions { IfNoneMatch = known.ETag },
                },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            _pages.TryRemove(id, out _);
            return new FailedRows(false, 0, []);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            return new FailedRows(true, 0, []); // an empty blob has no range to read
        }

        if (response.GetRawResponse().Status == StatusCodes.Status304NotModified && known.Page is not null)
        {
            return known.Page; // unchanged since this node read it: no body came
        }

        var download = response.Value;
        var bytes = download.Content.ToMemory();
        var whole = FileLength(download.Details.ContentRange) is not { } length || length <= bytes.Length;
        var (rows, read) = await ReadAsync(bytes, whole, cancellationToken);
        var result = new FailedRows(true, whole ? read : await NeedingAttentionAsync(id, cancellationToken), rows);
        if (_pages.Count >= MaxRemembered)
        {
            _pages.Clear();
        }

        _pages[id] = (download.Details.ETag, result);
        return result;
    }

    /// <summary>
    /// The rows in <paramref name="bytes"/> (the header first), at most <see cref="MaxListedRows"/> of them, and how
    /// many records it holds. When the file goes on, its last record may be cut: it is left out.
    /// </summary>
    private static async Task<(List<FailedRow> Rows, int Records)> ReadAsync(ReadOnlyMemory<byte> bytes, bool whole, CancellationToken cancellationToken)
    {
        var records = new List<List<string>>();
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            IncludeValuesInExceptions = false,
            DetectSeparatorHint = false,
        };
        await using (var reader = CsvReader.Create(new MemoryStream(bytes.ToArray(), writable: false), options, leaveOpen: false))
        {
            // Header, the listed rows, and one more to know whether the last one read was whole.
            while (await reader.ReadAsync(cancellationToken))
            {
                if (records.Count <= MaxListedRows + 1)
                {
                    records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i))]);
                }
                else if (whole)
                {
                    records.Add([]); // counted only
                }
                else
                {
                    break;
                }
            }
        }

        if (!whole && records.Count > 0)
        {
            records.RemoveAt(records.Count - 1);
        }

        if (records.Count == 0)
        {
            return ([], 0);
        }

        var header = records[0];

        // The page shows each value as it was (it is HTML text, not a spreadsheet): the report's formula guard comes off.
        string Cell(List<string> record, string column) =>
            header.IndexOf(column) is var i and >= 0 && i < record.Count ? CsvCells.Restore(record[i]) : "";
        int Number(List<string> record, string column) =>
            int.TryParse(Cell(record, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        var rows = records.Skip(1).Take(MaxListedRows).Select(record => new FailedRow(
            Number(record, "line"),
            Number(record, "row"),
            Cell(record, "login"),
            Cell(record, "email"),
            Cell(record, "action"),
            Cell(record, "errorCode"),
            Cell(record, "errorSummary"))).ToList();
        return (rows, records.Count - 1);
    }

    /// <summary>summary.json's count of the rows in failed.csv, or null when the job has no summary (yet).</summary>
    private async Task<int?> NeedingAttentionAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var summary = (await storage.Reports.GetCheckedBlobClient(BlobReports.BlobName(id, ReportNames.Summary)).DownloadContentAsync(cancellationToken)).Value.Content;
            using var document = JsonDocument.Parse(summary.ToMemory());
            return document.RootElement.TryGetProperty("rowsNeedingAttention", out var count) && count.TryGetInt32(out var value) ? value : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The whole blob's length from a Content-Range (<c>bytes 0-262143/20000000</c>).</summary>
    private static long? FileLength(string? contentRange) =>
        contentRange?.LastIndexOf('/') is { } slash and >= 0
        && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
}
