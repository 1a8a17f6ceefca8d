using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// The Host as a real separate process (<c>dotnet Host.dll</c> from the Host project's build
/// output), for tests that kill it the hard way. Its stdout and stderr go to a log file next to
/// the test assembly; failure messages carry the log's tail. Disposing kills it if it still runs.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>What <see cref="Process.ExitCode"/> reads on Unix for a process ended by SIGKILL (128 + 9).</summary>
    public const int SigKillExitCode = 137;

    private const int TailCapacity = 400;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private bool _logClosed;

    private HostProcess(Process process, StreamWriter log, string logPath, Uri baseAddress)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The repository this test assembly was built in: the first folder above it with Host/Host.csproj.</summary>
    public static DirectoryInfo Repository
    {
        get
        {
            var repo = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Host", "Host.csproj")))
            {
                repo = repo.Parent;
            }

            return repo ?? throw new InvalidOperationException($"No Host/Host.csproj above {AppContext.BaseDirectory}: cannot find the repository.");
        }
    }

    /// <summary>Host.dll of the same build configuration as this test assembly.</summary>
    public static string HostDll
    {
        get
        {
            // <repo>/Workflows.Tests/bin/<Configuration>/<tfm>/ → <repo>/Host/bin/<Configuration>/<tfm>/Host.dll
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = testBin.Name;
            var configuration = testBin.Parent?.Name ?? "Debug";
            var dll = Path.Combine(Repository.FullName, "Host", "bin", configuration, tfm, "Host.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException($"{dll} does not exist: build the solution (or Workflows.Tests, which references Host) first.");
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>A client for this Host (30 s per request).</summary>
    public HttpClient Http { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet Host.dll --urls http://127.0.0.1:&lt;free port&gt;</c> in the Host's build
    /// folder with <paramref name="environment"/> added to this process's environment, and waits
    /// until /health reports PostgreSQL, Quartz and Hangfire healthy (the calendar check may say
    /// degraded or unhealthy near a year without holiday data; that is not this wait's business).
    /// </summary>
    public static async Task<HostProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, TimeSpan readyTimeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = HostDll;
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var logDir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs"));
        var logPath = Path.Combine(logDir.FullName, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.log");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer && File.Exists(muxer) ? muxer : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));

        // One line per log entry, with the time: the tail is read by people.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        // test.sh exports the owner's connection to its own database; a Host given a test database
        // and no owner's connection runs on the schema that database already has.
        start.Environment.Remove("ConnectionStrings__GovernanceOwner");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        await log.WriteLineAsync($"# {start.FileName} {string.Join(' ', start.ArgumentList)} (in {start.WorkingDirectory})");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, log, logPath, baseAddress);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data is null ? null : "[stderr] " + e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await host.WaitUntilReadyAsync(name, readyTimeout);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// kill -9: <see cref="Process.Kill(bool)"/> sends SIGKILL on Unix (no shutdown hooks, no
    /// flushing, no graceful stop of Hangfire or Quartz). Returns the exit code once it is gone.
    /// </summary>
    public async Task<int> KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>The last <paramref name="lines"/> lines the Host wrote, for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        lock (_gate)
        {
            return $"--- last {Math.Min(lines, _tail.Count)} lines of {LogPath} ---{Environment.NewLine}"
                + string.Join(Environment.NewLine, _tail.Skip(Math.Max(0, _tail.Count - lines)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        finally
        {
            Http.Dispose();
            _process.Dispose();
            lock (_gate)
            {
                _logClosed = true;
                _log.Dispose();
            }
        }
    }

    /// <summary>A TCP port on the loopback interface that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_logClosed)
            {
                return;
            }

            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailCapacity)
            {
                _tail.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync(string name, TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        var last = "no answer yet";
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Host '{name}' exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{LogTail()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {body}";
                if (CoreChecksHealthy(body))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = ex.GetType().Name + ": " + ex.Message;
            }

            if (started.Elapsed > timeout)
            {
                throw new TimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"Host '{name}' was not ready within {timeout.TotalSeconds:0} s; last /health: {last}{Environment.NewLine}{LogTail()}"));
            }

            await Task.Delay(250);
        }
    }

    private static bool CoreChecksHealthy(string body)
    {
        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("checks", out var checks))
        {
            return false;
        }

        foreach (var check in new[] { "postgresql", "quartz", "hangfire" })
        {
            if (!checks.TryGetProperty(check, out var entry) || entry.GetProperty("status").GetString() != "Healthy")
            {
                return false;
            }
        }

        return true;
    }
}
