using System.Net;
using System.Net.Sockets;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// A TCP forwarder in front of a server (PostgreSQL) that a test can close and reopen on the same port: closed, new
/// connections are refused and open ones are cut, as when the database goes away; reopened, it forwards again.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    /// <summary>Opens a gate on a free local port forwarding to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public TcpGate(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        Port = Listen(0);
    }

    /// <summary>The local port the gate listens on.</summary>
    public int Port { get; }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public async Task CloseAsync()
    {
        TcpClient[] open;
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var client in open)
        {
            try
            {
                // Reset, not a graceful close: the database vanished rather than said goodbye.
                client.Client?.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // A pump closed it already.
            }

            client.Dispose();
        }

        await _accepting;
    }

    /// <summary>Accepts and forwards connections again, on the same port.</summary>
    public void Open() => Listen(Port);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync();

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        lock (_lock)
        {
            _listener = listener;
        }

        _accepting = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_target);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_lock)
            {
                if (!ReferenceEquals(_listener, listener))
                {
                    client.Dispose();
                    upstream.Dispose();
                    return;
                }

                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The other side or the gate closed the connection.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
