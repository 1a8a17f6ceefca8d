using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// PostgreSQL's own account of the statements of some databases (<c>pg_stat_statements</c>, loaded by
/// <c>ensure_postgres</c>), read twice and subtracted: what a phase cost the server, statement by
/// statement, without resetting anyone else's figures.
/// </summary>
internal static partial class StatementStats
{
    /// <summary>The totals of every statement of <paramref name="databases"/> now; null if the server does not keep them.</summary>
    public static async Task<Dictionary<(string Database, long QueryId), StatementTotals>?> SnapshotAsync(BenchmarkOptions options, string[] databases, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var connection = new NpgsqlConnection(options.ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.datname, s.queryid, s.query, s.calls, s.total_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read, s.wal_records, s.wal_bytes::float8
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = ANY($1) AND s.toplevel
            """,
            connection);
        command.Parameters.Add(new() { Value = databases });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var totals = new Dictionary<(string, long), StatementTotals>();
            while (await reader.ReadAsync(ct))
            {
                totals[(reader.GetString(0), reader.GetInt64(1))] = new(
                    reader.GetString(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetDouble(9));
            }

            return totals;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            return null;
        }
    }

    /// <summary>What each statement of <paramref name="database"/> did between the two snapshots, the costliest first.</summary>
    public static List<StatementTotals> Between(
        Dictionary<(string Database, long QueryId), StatementTotals> before, Dictionary<(string Database, long QueryId), StatementTotals> after, string database)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. after.Where(a => a.Key.Database == database)
            .Select(a => before.TryGetValue(a.Key, out var b) ? a.Value.Minus(b) : a.Value)
            .Where(s => s.Calls > 0)
            .OrderByDescending(s => s.ExecMs)];
    }

    /// <summary>
    /// A table per statement, per transaction of <paramref name="transactions"/>: calls, mean execution time,
    /// rows, buffers, WAL; statements called less than once in ten transactions are left out (the setup's, the checks').
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<StatementTotals> statements, long transactions)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var inv = CultureInfo.InvariantCulture;
        var per = Math.Max(1, transactions);
        var shown = statements.Where(s => s.Calls * 10 >= per).ToList();
        var text = new StringBuilder();
        text.AppendLine("| statement | calls per transaction | µs per call | rows per call | buffers hit per call | WAL records per call | WAL bytes per call | µs per transaction |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in shown)
        {
            text.AppendLine(inv, $"| `{Shorten(s.Query)}` | {(double)s.Calls / per:0.00} | {s.ExecMs * 1000 / s.Calls:0.0} | {(double)s.Rows / s.Calls:0.00} | {(double)s.BlocksHit / s.Calls:0.0} | {(double)s.WalRecords / s.Calls:0.0} | {s.WalBytes / s.Calls:0} | {s.ExecMs * 1000 / per:0.0} |");
        }

        text.AppendLine(inv, $"| **all** | **{(double)shown.Sum(s => s.Calls) / per:0.00}** | | | {(double)shown.Sum(s => s.BlocksHit) / per:0.0} per transaction | {(double)shown.Sum(s => s.WalRecords) / per:0.0} per transaction | {shown.Sum(s => s.WalBytes) / per:0} per transaction | **{shown.Sum(s => s.ExecMs) * 1000 / per:0.0}** |");
        return text.ToString();
    }

    private static string Shorten(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim();
        return (flat.Length > 90 ? flat[..90] + "…" : flat).Replace("|", "\\|", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>One statement's totals in <c>pg_stat_statements</c> (execution time in ms, WAL in bytes).</summary>
internal sealed record StatementTotals(string Query, long Calls, double ExecMs, long Rows, long BlocksHit, long BlocksRead, long WalRecords, double WalBytes)
{
    public StatementTotals Minus(StatementTotals before) =>
        this with
        {
            Calls = Calls - before.Calls,
            ExecMs = ExecMs - before.ExecMs,
            Rows = Rows - before.Rows,
            BlocksHit = BlocksHit - before.BlocksHit,
            BlocksRead = BlocksRead - before.BlocksRead,
            WalRecords = WalRecords - before.WalRecords,
            WalBytes = WalBytes - before.WalBytes,
        };
}
