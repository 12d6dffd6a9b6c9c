namespace Ferry.Management.Api;

/// <summary>A request body read past its bound (<see cref="BoundedReadStream"/>); answered 413.</summary>
public sealed class RequestBodyTooLargeException(long limit)
    : IOException($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
