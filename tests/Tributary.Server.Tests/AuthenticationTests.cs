using System.Net;
using System.Net.Http.Headers;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

public sealed class AuthenticationTests
{
    private const string ReadWrite = "rw-key-0123456789abcdef";
    private const string ReadOnly = "read-key-0123456789abcdef";
    private const string WriteOnly = "write-key-0123456789abcdef";

    private static ServerFactory Secured(bool anonymousRead = false) => new(new Dictionary<string, string?>
    {
        ["Tributary:ApiKeys:0:Key"] = ReadWrite,
        ["Tributary:ApiKeys:1:Key"] = ReadOnly,
        ["Tributary:ApiKeys:1:Write"] = "false",
        ["Tributary:ApiKeys:2:Key"] = WriteOnly,
        ["Tributary:ApiKeys:2:Read"] = "false",
        ["Tributary:AllowAnonymousRead"] = anonymousRead ? "true" : "false",
    });

    private static HttpClient Client(ServerFactory factory, string? key)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    [Fact]
    public async Task Without_configured_keys_everything_is_open()
    {
        using var factory = new ServerFactory();
        var client = Client(factory, null);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("rw-key-0123456789abcde")]
    public async Task A_missing_or_wrong_key_gets_401_with_a_bearer_challenge(string? key)
    {
        using var factory = Secured();
        var client = Client(factory, key);

        var post = await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])));
        var get = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal("Bearer", post.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_read_write_key_may_send_and_read()
    {
        using var factory = Secured();
        var client = Client(factory, ReadWrite);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/etl/jobs/j")).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_may_read_but_not_send()
    {
        using var factory = Secured();
        var client = Client(factory, ReadOnly);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/lineage/batch", Events.Content("[]"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task A_write_only_key_may_send_but_not_read()
    {
        using var factory = Secured();
        var client = Client(factory, WriteOnly);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_reads_can_be_allowed_while_writes_still_need_a_key()
    {
        using var factory = Secured(anonymousRead: true);
        var client = Client(factory, null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("j", ["a"], ["b"])))).StatusCode);
    }

    [Fact]
    public async Task The_web_ui_itself_loads_without_a_key()
    {
        using var factory = Secured();
        var client = Client(factory, null);

        var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
