using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project benchmarks/Tributary.Benchmarks -- --filter *Json*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
