using Microsoft.Extensions.Logging;

namespace Governance.Engine.Storage;

/// <summary>
/// How a background loop rides out a database outage: it waits a capped, doubling delay between
/// tries, logs once when the outage begins and once when it ends (not once per tick), and goes
/// back to its usual pace when a try succeeds. One per loop; not thread-safe.
/// </summary>
/// <param name="loop">The loop's name for the log, e.g. "timer pump".</param>
public sealed class OutageBackoff(string loop, ILogger log, TimeSpan? first = null, TimeSpan? cap = null)
{
    private readonly TimeSpan _first = first ?? TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _cap = cap ?? TimeSpan.FromSeconds(15);
    private DateTimeOffset? _since;
    private TimeSpan _next;

    /// <summary>Whether the loop is waiting out an outage.</summary>
    public bool InOutage => _since is not null;

    /// <summary>Records a failed try; returns how long to wait before the next.</summary>
    public TimeSpan Failed(Exception exception)
    {
        if (_since is null)
        {
            _since = TimeProvider.System.GetUtcNow(); // real time: the outage's length, not the domain clock
            _next = _first;
            log.LogWarning(exception, "The {Loop} cannot reach the database; it retries with backoff up to {Cap} and logs again when it is back", loop, _cap);
        }
        else
        {
            _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _cap.Ticks));
        }

        return _next;
    }

    /// <summary>
    /// Runs <paramref name="work"/> until it completes, waiting out a database outage between tries;
    /// any other failure is the caller's. For work that is safe to run again from the start (every
    /// scheduled job here is: what it writes is keyed so a second run adds nothing).
    /// </summary>
    public async Task RunThroughOutageAsync(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        while (true)
        {
            try
            {
                await work(ct);
                Succeeded();
                return;
            }
            catch (Exception ex) when (DatabaseOutage.IsOutage(ex) && !ct.IsCancellationRequested)
            {
                await Task.Delay(Failed(ex), ct);
            }
        }
    }

    /// <summary>Records a try that reached the database.</summary>
    public void Succeeded()
    {
        if (_since is { } since)
        {
            log.LogInformation("The {Loop} reaches the database again after {Outage}", loop, TimeProvider.System.GetUtcNow() - since);
            _since = null;
        }
    }
}
