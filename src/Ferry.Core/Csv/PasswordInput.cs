namespace Ferry.Core.Csv;

/// <summary>A row's credential: a plain password or an imported hash. <see cref="ToString"/> never reveals it.</summary>
public abstract record PasswordInput
{
    public sealed override string ToString() => $"{GetType().Name} (redacted)";
}
