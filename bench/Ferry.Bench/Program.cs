using Ferry.Bench;

// Benchmark commands (see bench/README.md). Run in Release:
//   dotnet run -c Release --project bench/Ferry.Bench -- <command> [options]
return await BenchCommands.RunAsync(args);
