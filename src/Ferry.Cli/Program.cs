using Ferry.Cli;

// ferry validate | migrate | status | list | report | approve | terminate | rerun-failed | undo — docs/cli.md.
return await FerryCommand.RunAsync(args, CancellationToken.None);
