using Microsoft.Playwright;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// A live server over a store in a temporary folder and Debian's headless Chromium driven by Playwright (never
/// downloaded); what the store holds is the derived fixture's.
/// </summary>
public abstract class LiveBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The temporary folder the store lives in, deleted at the end.</summary>
    protected TempDirectory Folder { get; } = new();

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server.</summary>
    public LiveServer Server { get; private set; } = null!;

    /// <summary>Starts the server with its data.</summary>
    protected abstract Task<LiveServer> StartServerAsync();

    /// <summary>Starts the server and launches Chromium.</summary>
    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Launches Debian's headless Chromium (never a downloaded one) the way every browser test runs it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Closes the browser and the server.</summary>
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Folder.Dispose();
    }
}
