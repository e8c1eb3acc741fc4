using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>With API keys on, the live stream opens with a short-lived token, since a browser's EventSource sends no header.</summary>
public sealed class StreamTokenTests
{
    private const string Key = "stream-key-0123456789abcdef";
    private const string WriteOnly = "stream-writer-0123456789abcdef";

    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["Tributary:ApiKeys:0:Key"] = Key,
        ["Tributary:ApiKeys:1:Key"] = WriteOnly,
        ["Tributary:ApiKeys:1:Read"] = "false",
    };

    private static HttpClient Client(ServerFactory factory, string? key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_token_from_a_read_key_opens_the_stream_and_nothing_else()
    {
        using var factory = new ServerFactory(Keys);
        var anonymous = Client(factory, null);
        var token = (await Client(factory, Key).GetFromJsonAsync<JsonElement>("/api/v1/stream/token")).GetProperty("token").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var stream = await anonymous.GetAsync("/api/v1/stream?access_token=" + Uri.EscapeDataString(token), HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/stream?access_token=" + Uri.EscapeDataString(token[..^2] + "AA"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/stats?access_token=" + Uri.EscapeDataString(token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/lineage?access_token=" + Uri.EscapeDataString(token), Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/stream/token")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(factory, WriteOnly).GetAsync("/api/v1/stream/token")).StatusCode);
    }

    [Fact]
    public async Task The_web_ui_follows_the_live_stream_with_api_keys_on()
    {
        using var store = new TempDirectory();
        await using var server = await LiveServer.StartAsync(store.Path, Keys);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LiveBrowserFixture.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.AddInitScriptAsync($"sessionStorage.setItem('tributary.apiKey', '{Key}')");

        await page.GotoAsync(server.Address.ToString());
        await Assertions.Expect(page.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bon\\b"));
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("seen_live", ["a"], ["b"])))).StatusCode);

        await Assertions.Expect(page.Locator("#live-text")).ToContainTextAsync("1 new");
        Assert.Empty(errors);
    }
}
