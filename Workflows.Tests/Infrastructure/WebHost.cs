using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>The whole Host in-process, as <see cref="GovernanceHost"/>, but on Kestrel at a free port, so a real browser can reach it.</summary>
public static class WebHost
{
    public static (GovernanceHost Host, Uri Address) Start(TestDatabase database, FakeTimeProvider clock)
    {
        var port = FreePort();
        var host = new GovernanceHost(database, clock);
        host.UseKestrel(port);
        host.StartServer();
        return (host, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
