using Npgsql;

namespace Governance.Benchmarks.Infrastructure;

/// <summary>
/// Samples <c>pg_stat_activity</c> of one database every 50 ms while a phase runs: what its client
/// backends were doing at each instant — on the CPU, waiting for a lock, for the WAL's flush, or
/// idle inside a transaction while the client works — which is where the server's side of the
/// latency goes. It connects to that database as the role whose sessions it looks at: PostgreSQL
/// shows another role's wait events only to members of <c>pg_read_all_stats</c>.
/// </summary>
internal sealed class WaitSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();

    private readonly Task<WaitSamples> _loop;

    private WaitSampler(string connectionString) => _loop = Task.Run(() => LoopAsync(connectionString, _stop.Token));

    public static WaitSampler Start(string connectionString) => new(connectionString);

    public async Task<WaitSamples> StopAsync()
    {
        await _stop.CancelAsync();
        return await _loop;
    }

    public void Dispose() => _stop.Dispose();

    private static async Task<WaitSamples> LoopAsync(string connectionString, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            """
            SELECT state, coalesce(wait_event_type || ':' || wait_event, '') FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """,
            connection);
        await command.PrepareAsync(CancellationToken.None);
        var counts = new Dictionary<string, int>();
        var (samples, busySum, maxBusy, maxConnections) = (0, 0, 0, 0);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var (busy, connections) = (0, 0);
                await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
                {
                    while (await reader.ReadAsync(CancellationToken.None))
                    {
                        connections++;
                        var key = reader.IsDBNull(0) ? null : reader.GetString(0) switch
                        {
                            "active" => reader.GetString(1) is { Length: > 0 } wait ? wait : "CPU",
                            "idle in transaction" => "idle in transaction",
                            _ => null,
                        };
                        if (key is not null)
                        {
                            busy++;
                            counts[key] = counts.GetValueOrDefault(key) + 1;
                        }
                    }
                }

                samples++;
                busySum += busy;
                maxBusy = Math.Max(maxBusy, busy);
                maxConnections = Math.Max(maxConnections, connections);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The phase is over.
        }

        return new(samples, counts, samples == 0 ? 0 : (double)busySum / samples, maxBusy, maxConnections);
    }
}

/// <summary>
/// What a <see cref="WaitSampler"/> saw: per kind, how many backend-samples were busy with it
/// (<c>CPU</c>: active and in no wait; <c>idle in transaction</c>: the server waiting for the
/// client between two round trips of one transaction; otherwise PostgreSQL's wait event, e.g.
/// <c>Lock:transactionid</c> for a row another transaction holds, <c>IO:WALSync</c> for the
/// commit's flush), the mean and most busy backends at once, the most connections.
/// </summary>
internal sealed record WaitSamples(int Samples, IReadOnlyDictionary<string, int> Counts, double MeanBusy, int MaxBusy, int MaxConnections)
{
    /// <summary>The kinds, most frequent first, each with its share of all busy samples.</summary>
    public IEnumerable<(string Kind, double Share)> Shares()
    {
        var total = (double)Math.Max(1, Counts.Values.Sum());
        return Counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value / total));
    }
}
