using Ferry.Core.Jobs;

namespace Ferry.Core.Csv;

/// <summary>A mapped header, or the job-level failure that stops the job.</summary>
public sealed record HeaderMapResult(CsvHeader? Header, JobFailure? Failure);
