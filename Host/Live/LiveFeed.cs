using System.Text;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Governance.Host.Live;

/// <summary>
/// Carries changes between the nodes, over PostgreSQL LISTEN/NOTIFY, one listener per process.
/// The publisher takes what this node's commits changed (<see cref="WorkflowRuntime.Changed"/>),
/// gathers for <see cref="LiveOptions.PublishDelay"/>, and tells every node in one short
/// transaction of its own: <c>NOTIFY</c> inside a transition's transaction would line all commits
/// up behind a cluster-wide lock (BENCHMARKS.md). The listener holds one connection of its own,
/// outside the pool, and hands what it hears to this node's streams (<see cref="LiveHub"/>).
/// </summary>
/// <remarks>
/// Delivery: a change is told after its commit, never before, and at most once. A node that dies
/// between its commit and its NOTIFY leaves pages showing what they showed until the next change
/// they watch, or their next reconnect. A listener that lost its connection reconnects with
/// backoff (a database outage is logged once, <see cref="OutageBackoff"/>) and then tells every
/// page to refresh everything, since it heard nothing meanwhile.
/// </remarks>
public sealed class LiveFeed(
    WorkflowRuntime runtime,
    IDbContextFactory<EngineDbContext> dbFactory,
    LiveHub hub,
    IOptions<LiveOptions> options,
    IConfiguration configuration,
    ILogger<LiveFeed> log) : BackgroundService
{
    /// <summary>The NOTIFY channel, one per database: every node on it is one cluster.</summary>
    public const string Channel = "governance_live";

    /// <summary>The listener's <c>application_name</c>, as pg_stat_activity shows it.</summary>
    public const string ApplicationName = "governance live listener";

    /// <summary>A NOTIFY payload must stay under 8,000 bytes: more topics go in several.</summary>
    private const int MaxPayloadBytes = 7000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PublishAsync(stoppingToken), ListenAsync(stoppingToken));

    private async Task PublishAsync(CancellationToken ct)
    {
        var outage = new OutageBackoff("live publisher", log);
        var untold = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                untold.UnionWith(await runtime.Changed.TakeAsync(ct));

                // Commits right behind this one go in the same NOTIFY.
                await Task.Delay(options.Value.PublishDelay, ct);
                untold.UnionWith(runtime.Changed.TakeNow());
                try
                {
                    await NotifyAsync(untold, ct);
                    untold.Clear();
                    outage.Succeeded();
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && DatabaseOutage.IsOutage(ex))
                {
                    // Kept for the next try; pages are told to refresh anyway when the listener is back.
                    await Task.Delay(outage.Failed(ex), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One transaction: <c>pg_notify</c> of the changes under a new id, as few payloads as fit.</summary>
    private async Task NotifyAsync(IReadOnlyCollection<string> topics, CancellationToken ct)
    {
        var id = LiveHub.NewPosition();
        var payloads = new List<string>();
        var payload = new StringBuilder(id);
        foreach (var topic in topics)
        {
            if (Encoding.UTF8.GetByteCount(payload.ToString()) + Encoding.UTF8.GetByteCount(topic) + 1 > MaxPayloadBytes)
            {
                payloads.Add(payload.ToString());
                payload.Clear().Append(id);
            }

            payload.Append('\n').Append(topic);
        }

        payloads.Add(payload.ToString());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sql = "SELECT " + string.Join(", ", payloads.Select((_, i) => $"pg_notify('{Channel}', {{{i}}})"));
        await db.Database.ExecuteSqlRawAsync(sql, payloads.Cast<object>(), ct);
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var outage = new OutageBackoff("live listener", log);
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Governance"))
        {
            // Its own connection, never the pool's: a pooled connection handed back with LISTEN on it
            // would hear for whoever takes it next (and the domain pool skips the reset that would end it).
            Pooling = false,
            ApplicationName = ApplicationName,

            // Idle for hours, it must still notice a connection that died without a word (a cut
            // network): TCP keepalives, which are no transactions, unlike Npgsql's keepalive query.
            TcpKeepAlive = true,
            TcpKeepAliveTime = 30,
            TcpKeepAliveInterval = 10,
        }.ConnectionString;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => Heard(e.Payload);
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                outage.Succeeded();

                // Whatever changed while it was not listening (or before its first LISTEN, with the
                // node already serving pages) went unheard: every page refreshes.
                hub.RefreshAll();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // A terminated backend, a restart, a cut network: all the same here, listen again.
                if (!DatabaseOutage.IsOutage(ex))
                {
                    log.LogError(ex, "The live listener failed; it listens again");
                }

                try
                {
                    await Task.Delay(outage.Failed(ex), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Heard(string payload)
    {
        var lines = payload.Split('\n');
        hub.Publish(lines[0], lines[1..]);
    }
}
