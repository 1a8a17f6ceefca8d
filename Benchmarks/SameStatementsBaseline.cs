using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Governance.Benchmarks.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Governance.Benchmarks;

/// <summary>
/// The second baseline of <c>transitions</c>: pgbench sending the very statements one transition
/// sent, on a copy of the runtime's database (same tables, indexes, constraints, triggers and rows),
/// so that the ratio to it is what our client and round trips cost beyond the schema's own work.
/// The statements are not written by hand: one transition runs through a data source that logs
/// every batch with its parameters (Npgsql's command log), and the script is made from that log.
/// </summary>
internal sealed partial class SameStatementsBaseline
{
    public const string Database = "governance_pgbench_same";

    private const string Slots = "bench_slots";

    private SameStatementsBaseline(string script, IReadOnlyList<string> defines, IReadOnlyList<CapturedStatement> captured)
    {
        Script = script;
        Defines = defines;
        Captured = captured;
    }

    /// <summary>The pgbench script (<c>-f</c>): the prologue, then the transition's two round trips as pipelines.</summary>
    public string Script { get; }

    /// <summary>The script's constants (<c>-D name=value</c>): the captured strings and numbers.</summary>
    public IReadOnlyList<string> Defines { get; }

    /// <summary>The transition's statements as the runtime sent them, in order (the first round trip's lock, then the batch).</summary>
    public IReadOnlyList<CapturedStatement> Captured { get; }

    /// <summary>
    /// Makes the script from <paramref name="log"/>'s statements of one transition of instance
    /// <paramref name="instanceId"/>, which moved from <paramref name="fromVersion"/>. Client k of
    /// <paramref name="clients"/> works round robin on slots k, k + clients, ... of
    /// <see cref="CopyAsync"/>'s table, as the runtime's clients on their slices.
    /// </summary>
    public static SameStatementsBaseline From(StatementLog log, Guid instanceId, int fromVersion, int clients, int perClient)
    {
        ArgumentNullException.ThrowIfNull(log);
        var captured = log.Statements;
        if (captured.Count < 2 || !captured[^1].Sql.Equals("COMMIT", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"expected a transition's statements ending in COMMIT, captured {captured.Count}: {string.Join(" | ", captured.Select(c => c.Sql))}");
        }

        var inv = CultureInfo.InvariantCulture;
        var names = new Dictionary<object, string>();
        var prologue = new List<string>();
        var defines = new List<string> { "i=0" };
        var start = captured.SelectMany(c => c.Values).Select(Instant).Where(t => t is not null).Min() ?? DateTimeOffset.MinValue;
        string Name(object value)
        {
            if (names.TryGetValue(value, out var known))
            {
                return known;
            }

            var name = value switch
            {
                Guid g when g == instanceId => "id",
                int v when v == fromVersion => "version",
                int v when v == fromVersion + 1 => "next_version",
                Guid => Add(prologue, $"gen_random_uuid() AS u{prologue.Count}", $"u{prologue.Count}"),
                DateTime or DateTimeOffset => Add(
                    prologue,
                    string.Create(inv, $"clock_timestamp() + interval '{(Instant(value)!.Value - start).Ticks / 10} microseconds' AS t{prologue.Count}"),
                    $"t{prologue.Count}"),
                _ => Add(defines, $"c{defines.Count}={Convert.ToString(value, inv)}", $"c{defines.Count}"),
            };
            names[value] = name;
            return name;
        }

        var script = new StringBuilder();
        script.AppendLine(inv, $"\\set i :i + 1");
        script.AppendLine(inv, $"\\set n :client_id + {clients} * (:i % {perClient})");
        var body = new StringBuilder();
        for (var s = 0; s < captured.Count; s++)
        {
            var statement = captured[s];

            // pgbench cannot send a null parameter (a null variable is the text NULL): nulls are written as NULL.
            var sql = Parameter().Replace(statement.Sql, m => statement.Values[int.Parse(m.Groups[1].Value, inv) - 1] is { } v ? $":{Name(v)}" : "NULL");
            if (s == 0)
            {
                // The first round trip: Npgsql sends the transaction's BEGIN with the lock.
                body.AppendLine("\\startpipeline").AppendLine("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;").AppendLine(inv, $"{sql};").AppendLine("\\endpipeline");
                body.AppendLine("\\set next_version :version + 1").AppendLine("\\startpipeline");
                continue;
            }

            body.AppendLine(inv, $"{sql};");
        }

        body.AppendLine("\\endpipeline");
        if (!names.ContainsKey(instanceId) || !names.ContainsKey(fromVersion))
        {
            throw new InvalidOperationException("the captured statements name neither the instance nor its version");
        }

        // What the runtime makes on the client (the instance of this round, its version, new ids, the instant) comes from one
        // read before the transaction: pgbench has no uuid or timestamp of its own, and no \gset inside a pipeline.
        script.AppendLine(inv, $"SELECT s.id, i.version{string.Concat(prologue.Select(p => $", {p}"))} FROM {Slots} s JOIN wf.instances i ON i.id = s.id WHERE s.n = :n \\gset");
        script.Append(body);
        return new(script.ToString(), defines, captured);

        static string Add(List<string> list, string item, string name)
        {
            list.Add(item);
            return name;
        }
    }

    /// <summary>
    /// Copies the runtime's database (<c>CREATE DATABASE … TEMPLATE</c>: tables, indexes, statistics
    /// and rows as they are) and adds the slot table that deals its instances out to pgbench's clients.
    /// </summary>
    public static async Task CopyAsync(BenchmarkOptions options, string source, Guid[][] slices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(slices);
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(options.ConnectionString("postgres")))
        {
            await admin.OpenAsync(ct);
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", admin))
            {
                await drop.ExecuteNonQueryAsync(ct);
            }

            // An autovacuum worker on the source refuses the copy for as long as it runs.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\" TEMPLATE \"{source}\"", admin);
                    await create.ExecuteNonQueryAsync(ct);
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 30)
                {
                    await Task.Delay(1000, ct);
                }
            }
        }

        await using var connection = new NpgsqlConnection(options.ConnectionString(Database));
        await connection.OpenAsync(ct);
        await using (var table = new NpgsqlCommand($"CREATE TABLE {Slots} (n integer PRIMARY KEY, id uuid NOT NULL)", connection))
        {
            await table.ExecuteNonQueryAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {Slots} (n, id) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var k = 0; k < slices.Length; k++)
            {
                for (var j = 0; j < slices[k].Length; j++)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(k + (slices.Length * j), ct);
                    await writer.WriteAsync(slices[k][j], ct);
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using var analyze = new NpgsqlCommand($"ANALYZE {Slots}", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The sum of the copy's instance versions: each transaction of the script adds one, a check that it wrote what a transition writes.</summary>
    public static async Task<long> VersionsAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var connection = new NpgsqlConnection(options.ConnectionString(Database));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(version), 0) FROM wf.instances", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static DateTimeOffset? Instant(object? value) => value switch
    {
        DateTimeOffset t => t,
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        _ => null,
    };

    [GeneratedRegex(@"\$(\d+)\b")]
    private static partial Regex Parameter();
}

/// <summary>A statement as Npgsql logged it: its text and positional parameter values (null for SQL NULL).</summary>
internal sealed record CapturedStatement(string Sql, object?[] Values);

/// <summary>
/// Npgsql's command log while <see cref="Recording"/>: each executed command or batch's statements with their
/// parameters, as Npgsql logs them once they completed (with parameter logging on, a null is the text NULL).
/// </summary>
internal sealed class StatementLog : ILoggerFactory, ILogger
{
    private readonly List<CapturedStatement> _statements = [];

    public bool Recording { get; set; }

    public IReadOnlyList<CapturedStatement> Statements => _statements;

    public void Clear()
    {
        lock (_statements)
        {
            _statements.Clear();
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => Recording && logLevel == LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel) || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        var values = fields.ToDictionary(f => f.Key, f => f.Value);
        lock (_statements)
        {
            if (values.GetValueOrDefault("BatchCommands") is (string, IEnumerable<object>)[] batch)
            {
                _statements.AddRange(batch.Select(c => new CapturedStatement(c.Item1, Nulls(c.Item2))));
            }
            else if (values.GetValueOrDefault("CommandText") is string sql)
            {
                _statements.Add(new(sql, Nulls(values.GetValueOrDefault("Parameters") as IEnumerable<object> ?? [])));
            }
        }
    }

    public void Dispose()
    {
    }

    private static object?[] Nulls(IEnumerable<object> values) => [.. values.Select(v => v is "NULL" or DBNull ? null : v)];
}
