using Tributary.Cli;

return await Cli.Build().Parse(args).InvokeAsync();
