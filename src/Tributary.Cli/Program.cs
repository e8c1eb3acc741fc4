using Tributary.Cli;

return await Cli.InvokeAsync(args);
