using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// A maildev of the test's own (tools/node_modules, as test.sh installs it) on free ports, for
/// tests that take SMTP away: the shared one on 1025 is never stopped. <see cref="StopAsync"/>
/// kills it (connections are then refused), <see cref="StartAsync()"/> starts it again on the
/// same ports. maildev keeps its mail in memory: a stop loses it, so read it first.
/// </summary>
public sealed class OwnSmtpServer : IAsyncDisposable
{
    private readonly HttpClient _api;
    private Process? _process;

    private OwnSmtpServer(int smtpPort, int webPort)
    {
        SmtpPort = smtpPort;
        WebPort = webPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    /// <summary>Ports picked now; nothing listens until <see cref="StartAsync()"/>.</summary>
    public static OwnSmtpServer OnFreePorts() => new(HostProcess.FreePort(), HostProcess.FreePort());

    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("This SMTP server is running already.");
        }

        var maildev = Path.Combine(HostProcess.Repository.FullName, "tools", "node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException($"{maildev} does not exist: install tools/ first (test.sh does, through scripts/services.sh ensure_maildev).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { maildev, "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "-s", $"{SmtpPort}", "-w", $"{WebPort}" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (!await HealthyAsync())
        {
            if (_process.HasExited || started.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"maildev on SMTP port {SmtpPort} did not come up (exited: {_process.HasExited}).");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: the port is closed at once, as when the mail server goes down.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message this run of the server received.</summary>
    public async Task<IReadOnlyList<MailMessage>> MessagesAsync() =>
        await _api.GetFromJsonAsync<List<MailMessage>>("/api/email", JsonSerializerOptions.Web) ?? [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _api.Dispose();
    }

    private async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await _api.GetAsync(new Uri("/api/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
