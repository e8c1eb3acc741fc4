namespace Tributary.Tests.Cli;

/// <summary>Runs `tributary demo` once into a temporary folder that the query command tests then open with --store.</summary>
public sealed class DemoStoreFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"tributary-demo-{Guid.NewGuid():N}");

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var (code, output, error) = await CliRunner.RunAsync("demo", "--out", Directory);
        Assert.True(code == 0, error);
        Output = output;
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
