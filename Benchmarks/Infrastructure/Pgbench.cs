using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// The baseline: PostgreSQL's own pgbench on the same server, in a database of its own
/// (<see cref="Database"/>), so that its tables never mix with the runtime's.
/// </summary>
internal sealed partial class Pgbench(BenchmarkOptions options)
{
    public const string Database = "governance_pgbench";

    /// <summary>The built-in simple-update script (<c>-N</c>) with prepared statements, as run.</summary>
    public string Describe(int clients, int seconds) =>
        $"pgbench -N -c {clients} -j {Math.Min(2, clients)} -T {seconds} -M prepared (scale {options.Scale})";

    /// <summary><c>pgbench -i -s K</c>: creates and fills the pgbench tables.</summary>
    public Task InitializeAsync(CancellationToken ct) =>
        RunAsync(options, Database, ["-i", "-q", "-s", $"{options.Scale}"], null, ct);

    /// <summary>
    /// Runs simple-update for <paramref name="seconds"/> and returns what pgbench reports, with the
    /// p99 latency from its per-transaction log (<c>-l</c>).
    /// </summary>
    public async Task<PgbenchResult> SimpleUpdateAsync(int clients, int seconds, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("pgbench-").FullName;
        try
        {
            var output = await RunAsync(options, Database, ["-N", "-c", $"{clients}", "-j", $"{Math.Min(2, clients)}", "-T", $"{seconds}", "-M", "prepared", "-l"], directory, ct);
            var tps = TpsLine().Match(output);
            var latency = LatencyLine().Match(output);
            if (!tps.Success || !latency.Success)
            {
                throw new InvalidOperationException($"pgbench printed no tps/latency line:\n{output}");
            }

            ThrowIfAnyFailed(output);

            // Log lines: client_id transaction_no time(µs) script_no time_epoch time_us, a file per thread.
            var latencies = Directory.EnumerateFiles(directory, "pgbench_log.*").SelectMany(File.ReadLines)
                .Select(line => line.Split(' ')).Where(f => f.Length >= 3)
                .Select(f => double.Parse(f[2], CultureInfo.InvariantCulture) / 1000).Order().ToArray();
            return new(
                double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture),
                Stats.Percentile(latencies, 0.99));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs pgbench with <paramref name="arguments"/> against <paramref name="database"/> on the benchmark server; its output, or an error if it failed.</summary>
    public static async Task<string> RunAsync(BenchmarkOptions options, string database, IEnumerable<string> arguments, string? workingDirectory, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Server);
        var start = new ProcessStartInfo(options.Pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in (string[])["-h", server.Host ?? "127.0.0.1", "-p", $"{server.Port}", "-U", server.Username ?? "governance", .. arguments, database])
        {
            start.ArgumentList.Add(a);
        }

        // The password goes by environment, never on a command line others can read.
        start.Environment["PGPASSWORD"] = server.Password ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {options.Pgbench}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = $"{await stdout}{await stderr}";
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{options.Pgbench} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{output}");
    }

    /// <summary>pgbench counts failed transactions (serialization, deadlock) and still exits 0; a baseline with failures is no baseline.</summary>
    public static void ThrowIfAnyFailed(string output)
    {
        if (FailedLine().Match(output) is { Success: true } failed && failed.Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"pgbench had failed transactions:\n{output}");
        }
    }

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^latency average = ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}

/// <summary>Transactions per second (without connection time) and mean latency, as pgbench reports them, and the p99 of its log.</summary>
internal sealed record PgbenchResult(double Tps, double LatencyMs, double P99Ms);
