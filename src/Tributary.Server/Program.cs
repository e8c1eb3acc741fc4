using Tributary.Server;

// Options, store and endpoints are all set up by LineageServer, which `tributary serve` uses too.
var app = LineageServer.Build(LineageServer.CreateBuilder(args));
await app.RunAsync();
