using System.Diagnostics;
using System.Globalization;
using Governance.Benchmarks.Infrastructure;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// What an idle Host costs PostgreSQL: transactions a second (<c>xact_commit + xact_rollback</c>
/// of the Host's database in <c>pg_stat_database</c>) over a window with no traffic at all, once
/// the Host has settled. The baseline, in the same window: an empty database on the same server
/// that nobody connects to, read the same way, which is what the method counts when there is
/// nothing to count (the server's own background work, stats that arrive late).
/// </summary>
internal sealed class IdleBenchmark : IBenchmark
{
    public const string Database = "governance_bench_idle";

    public const string BaselineDatabase = "governance_bench_idle_empty";

    public const double TargetPerSecond = 10;

    /// <summary>Migrations, Quartz's and Hangfire's first rounds, the first pump run: not what idle costs.</summary>
    private const int SettleSeconds = 20;

    public string Name => "idle";

    public string Summary => "PostgreSQL transactions a second of a Host with no traffic (target <= 10)";

    public async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new BenchmarkServer(options);
        var seconds = options.Seconds;
        var machine = await server.DescribeAsync(ct);
        var rows = new List<Round>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            await server.RecreateDatabaseAsync(Database, ct);
            await server.RecreateDatabaseAsync(BaselineDatabase, ct);
            Console.Error.WriteLine($"round {round}: starting the Host on {Database}");
            await using var host = await HostUnderTest.StartAsync(options.ConnectionString(Database), ct);
            Console.Error.WriteLine($"round {round}: settling {SettleSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(SettleSeconds), ct);

            // Read from the postgres database: the reading is no transaction of either measured one.
            await using var stats = new NpgsqlConnection(options.ConnectionString("postgres"));
            await stats.OpenAsync(ct);
            var load = BenchmarkServer.LoadAverage();
            var cpuBefore = host.CpuTime;
            var before = await ReadAsync(stats, ct);
            var clock = Stopwatch.StartNew();
            Console.Error.WriteLine($"round {round}: measuring {seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);

            // PostgreSQL 15 flushes a backend's counts to the shared stats at most once a second, or
            // within 10 s of it going idle: both readings lag alike, so over a steady window the lag cancels.
            var after = await ReadAsync(stats, ct);
            var window = clock.Elapsed;
            var cpu = host.CpuTime - cpuBefore;
            var connections = await ConnectionsAsync(stats, ct);
            rows.Add(new Round(
                round,
                load,
                (after.Host - before.Host) / window.TotalSeconds,
                (after.Baseline - before.Baseline) / window.TotalSeconds,
                connections,
                cpu.TotalSeconds / window.TotalSeconds));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {rows[^1].HostPerSecond:0.00} tx/s (baseline {rows[^1].BaselinePerSecond:0.00})"));
        }

        var median = Stats.Median(rows.Select(r => r.HostPerSecond).ToList());
        var baseline = Stats.Median(rows.Select(r => r.BaselinePerSecond).ToList());
        WriteReport(options, machine, rows, median, baseline);
        return 0;
    }

    private static async Task<(long Host, long Baseline)> ReadAsync(NpgsqlConnection stats, CancellationToken ct)
    {
        // A fresh snapshot: otherwise the reading repeats what this transaction saw first.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", stats))
        {
            await clear.ExecuteNonQueryAsync(ct);
        }

        await using var command = new NpgsqlCommand(
            "SELECT datname, xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ANY($1)",
            stats);
        command.Parameters.Add(new() { Value = new[] { Database, BaselineDatabase } });
        await using var reader = await command.ExecuteReaderAsync(ct);
        long host = 0, baseline = 0;
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == Database)
            {
                host = reader.GetInt64(1);
            }
            else
            {
                baseline = reader.GetInt64(1);
            }
        }

        return (host, baseline);
    }

    private static async Task<long> ConnectionsAsync(NpgsqlConnection stats, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", stats);
        command.Parameters.Add(new() { Value = Database });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void WriteReport(BenchmarkOptions options, string machine, List<Round> rows, double median, double baseline)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("## Idle");
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `{options.Command}`."));
        Console.WriteLine();
        Console.WriteLine($"- Machine: {machine}.");
        Console.WriteLine(string.Create(inv, $"- Host: `dotnet Host.dll` as a process (Production, `Host/appsettings.json`) on database `{Database}`, which it migrates; no request, no data, no job; measured after {SettleSeconds} s of settling, over {options.Seconds} s between two readings (PostgreSQL 15 flushes a backend's counts within 1–10 s, alike for both readings)."));
        Console.WriteLine(string.Create(inv, $"- Baseline: database `{BaselineDatabase}` on the same server, empty and never connected to, read in the same two readings. Readings come from the `postgres` database, so they count in neither."));
        Console.WriteLine();
        Console.WriteLine("| round | load | Host tx/s | baseline tx/s | Host connections | Host CPU (% of a core) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(inv, $"| {r.Number} | {r.Load} | {r.HostPerSecond:0.00} | {r.BaselinePerSecond:0.00} | {r.Connections} | {r.CpuShare * 100:0.0} |"));
        }

        Console.WriteLine(string.Create(inv, $"| **median** | | **{median:0.00}** | {baseline:0.00} | | |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Idle, the Host costs PostgreSQL **{median:0.00}** transactions a second (median of rounds; target ≤ {TargetPerSecond:0}; the empty database beside it {baseline:0.00}). Verdict: **{(median <= TargetPerSecond ? "met" : "not met")}**."));
    }

    private sealed record Round(int Number, string Load, double HostPerSecond, double BaselinePerSecond, long Connections, double CpuShare);
}
