using Ferry.Cli;

// ferry migrate <file.csv> [--server URL] [--key KEY] [--storage CONNECTION] [--option name=value]...
// ferry status <instanceId> [--server URL] [--key KEY]
return await CliCommands.RunAsync(args, Console.Out, Console.Error);
