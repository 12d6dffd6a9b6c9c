using System.Globalization;

namespace Ferry.Core.Auth0;

/// <summary>Limits of an Auth0 plan: how chunks are cut, how large a record may be, how many errors the plan keeps.</summary>
/// <param name="MaxChunkBytes">
/// The largest chunk payload (the JSON array <c>[u1,u2,…]</c> posted as one import job), in bytes. Auth0 takes at most
/// 500 KB a file; 400 KB leaves room. Never above <see cref="HardMaxChunkBytes"/>.
/// </param>
/// <param name="MaxChunkUsers">The most valid users in one chunk.</param>
/// <param name="MaxChunkRows">The most records (valid or not) in one chunk, so that a file of invalid rows still comes in pieces.</param>
/// <param name="MaxRecordBytes">The largest record (a CSV line or a JSON user object), in bytes; a larger one is an invalid row.</param>
/// <param name="MaxColumns">CSV header columns before the file fails.</param>
/// <param name="MaxFirstErrors">Row errors kept in <see cref="Auth0Plan.FirstErrors"/>.</param>
public sealed record Auth0PlanSettings(
    int MaxChunkBytes = Auth0PlanSettings.DefaultMaxChunkBytes,
    int MaxChunkUsers = 10_000,
    int MaxChunkRows = 20_000,
    int MaxRecordBytes = 64 * 1024,
    int MaxColumns = 1000,
    int MaxFirstErrors = 100)
{
    /// <summary>400 KB: under Auth0's 500 KB limit with room to spare.</summary>
    public const int DefaultMaxChunkBytes = 409_600;

    /// <summary>500 KB: Auth0's limit for one import file.</summary>
    public const int HardMaxChunkBytes = 512_000;

    public static Auth0PlanSettings Default { get; } = new();

    /// <summary>
    /// Called with every invalid record's error, in file order, however many (<see cref="MaxFirstErrors"/> limits only
    /// the plan's copy): for a validator that reports them all. A job leaves it null.
    /// </summary>
    public Action<Auth0RowError>? OnRowError { get; init; }

    /// <summary>
    /// The job id every sent user carries as <c>app_metadata.ferry_job</c> (<see cref="Auth0Ownership"/>), counted in
    /// the chunk sizes; null (a validation with no job) sends the users as they are.
    /// </summary>
    public string? OwnerTag { get; init; }

    /// <summary>Throws when a limit is out of range (a chunk cap above 500 KB, a limit that is zero or negative).</summary>
    public void Validate()
    {
        if (MaxChunkBytes is < 64 or > HardMaxChunkBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxChunkBytes),
                MaxChunkBytes,
                string.Create(CultureInfo.InvariantCulture, $"MaxChunkBytes must be between 64 and {HardMaxChunkBytes} (Auth0 takes at most 500 KB a file)."));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxChunkUsers, nameof(MaxChunkUsers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxChunkRows, nameof(MaxChunkRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 256, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxColumns, nameof(MaxColumns));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxFirstErrors, nameof(MaxFirstErrors));
        if (OwnerTag is { } tag)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag, nameof(OwnerTag));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(tag.Length, Auth0Ownership.MaxTagLength, nameof(OwnerTag));
        }
    }
}
