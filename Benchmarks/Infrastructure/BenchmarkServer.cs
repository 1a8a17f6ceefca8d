using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>The PostgreSQL server a benchmark runs on: fresh databases, and the facts a reader needs to judge a figure.</summary>
internal sealed class BenchmarkServer(BenchmarkOptions options)
{
    /// <summary>Drops and creates <paramref name="database"/>, as the benchmark role on the <c>postgres</c> database.</summary>
    public async Task RecreateDatabaseAsync(string database, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(options.ConnectionString("postgres"));
        await admin.OpenAsync(ct);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0", admin);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One line: cores, server version and the settings that bound commit throughput.</summary>
    public async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('server_version'), current_setting('synchronous_commit'), current_setting('fsync'),
                   current_setting('wal_sync_method'), current_setting('shared_buffers'), current_setting('max_connections'), current_setting('ssl')
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return $"{Environment.ProcessorCount} cores (nproc), {Memory()} RAM; PostgreSQL {reader.GetString(0)} on the same machine, "
            + $"synchronous_commit = {reader.GetString(1)}, fsync = {reader.GetString(2)}, wal_sync_method = {reader.GetString(3)}, "
            + $"shared_buffers = {reader.GetString(4)}, max_connections = {reader.GetString(5)}, ssl = {reader.GetString(6)} "
            + "(pgbench and Npgsql both connect over TCP to 127.0.0.1 and both prefer TLS by default); "
            + $".NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }

    /// <summary>The 1-minute load average (Linux <c>/proc/loadavg</c>): how busy the shared machine was while a figure was taken.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Memory() => $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB";
}
