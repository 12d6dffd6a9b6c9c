namespace Ferry.Cli;

/// <summary>A usage problem found after parsing (a profile that cannot be read): the command exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
