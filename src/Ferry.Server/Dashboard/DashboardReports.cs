using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using System.Text;
using Ferry.Core.Reports;
using Ferry.Storage;
using Ferry.Storage.Reports;

namespace Ferry.Server.Dashboard;

/// <summary>A job's reports read from the reports container, server-side: the browser never gets a storage URL or SAS.</summary>
public sealed class DashboardReports(FerryStorage storage)
{
    /// <summary>Rows of failed.csv the job page lists; the whole file is a download.</summary>
    public const int MaxListedRows = 200;

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

    public async Task<FailedRows> FailedRowsAsync(string id, CancellationToken cancellationToken)
    {
        using var download = await OpenAsync(id, ReportNames.Failed, cancellationToken);
        if (download is null)
        {
            return new FailedRows(false, 0, []);
        }

        using var text = new StreamReader(download.Content, detectEncodingFromByteOrderMarks: true);
        var header = await ReadRecordAsync(text, cancellationToken);
        if (header is null)
        {
            return new FailedRows(true, 0, []);
        }

        // The page shows each value as it was (it is HTML text, not a spreadsheet): the report's formula guard comes off.
        string Cell(List<string> record, string column) =>
            header.IndexOf(column) is var i and >= 0 && i < record.Count ? CsvCells.Restore(record[i]) : "";
        int Number(List<string> record, string column) =>
            int.TryParse(Cell(record, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        var rows = new List<FailedRow>();
        var total = 0;
        while (await ReadRecordAsync(text, cancellationToken) is { } record)
        {
            if (total++ < MaxListedRows)
            {
                rows.Add(new FailedRow(
                    Number(record, "line"),
                    Number(record, "row"),
                    Cell(record, "login"),
                    Cell(record, "email"),
                    Cell(record, "action"),
                    Cell(record, "errorCode"),
                    Cell(record, "errorSummary")));
            }
        }

        return new FailedRows(true, total, rows);
    }

    /// <summary>One RFC 4180 record (quoted cells may hold commas, quotes and line breaks); null at the end.</summary>
    private static async Task<List<string>?> ReadRecordAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[1];
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var any = false;
        while (await reader.ReadAsync(buffer, cancellationToken) == 1)
        {
            any = true;
            var c = buffer[0];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    cell.Append('"');
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                record.Add(cell.ToString().TrimEnd('\r'));
                return record;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (!any)
        {
            return null;
        }

        record.Add(cell.ToString());
        return record;
    }
}
