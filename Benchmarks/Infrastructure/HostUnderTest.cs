using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The Host as a separate process (<c>dotnet Host.dll</c>, built with the benchmarks in the same
/// configuration), on a free loopback port, with its own database; measured over real HTTP.
/// Disposing stops it.
/// </summary>
internal sealed class HostUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private HostUnderTest(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>CPU time the Host has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the Host against <paramref name="connectionString"/>, the owner's (it migrates the database with it and runs as the application role), and waits for /health.</summary>
    public static async Task<HostUnderTest> StartAsync(string connectionString, CancellationToken ct)
    {
        // <repo>/Benchmarks/bin/<Configuration>/<tfm>/ → <repo>/Host/bin/<Configuration>/<tfm>/Host.dll
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.GetFullPath(Path.Combine(bin.FullName, "..", "..", "..", "..", "Host", "bin", bin.Parent!.Name, bin.Name, "Host.dll"));
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the Benchmarks project (it builds the Host).");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["ConnectionStrings__Governance"] = BenchmarkOptions.AsApplication(connectionString);
        start.Environment["ConnectionStrings__GovernanceOwner"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // A log line per request would be part of what is measured; warnings and errors still show.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine($"[host] {line}");
            }
        };
        process.BeginOutputReadLine();
        var host = new HostUnderTest(process, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (120 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative), ct)).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening, but not answering within 5 s yet: a busy machine, migrations or first requests still being compiled.
            }

            await Task.Delay(500, ct);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException("The Host did not report healthy within 2 minutes (see its [host] lines above).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
