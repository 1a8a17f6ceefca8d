namespace Governance.Engine.Runtime;

/// <summary>
/// What the transactions committed in this process changed, as topics a live page watches: the
/// definition and the org unit of every instance started or moved (<see cref="Topic"/>), and of
/// what a use case said it changed beside them (<see cref="Storage.EngineDbContext.MarkChanged"/>).
/// Raised after the commit, never inside it: a transaction that issues PostgreSQL NOTIFY holds a
/// cluster-wide lock across its commit (BENCHMARKS.md, "Where the time goes"), so the Host tells
/// the other nodes in a short transaction of its own, for many commits at once. Pending topics are
/// a set, so a process nobody takes them from (a benchmark, a test harness) holds one entry per
/// topic, however many commits there were.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _raised = new(0, 1);
    private HashSet<string> _pending = new(StringComparer.Ordinal);

    /// <summary>The topic of <paramref name="definition"/>'s instances at <paramref name="orgUnit"/>: <c>queue-ticket hall/1</c>.</summary>
    public static string Topic(string definition, string orgUnit) => $"{definition} {orgUnit}";

    /// <summary>Topics a commit of this process changed.</summary>
    public void Raise(IReadOnlyCollection<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _pending.UnionWith(topics);
        }

        if (_raised.CurrentCount == 0)
        {
            try
            {
                _raised.Release();
            }
            catch (SemaphoreFullException)
            {
                // Raised already: whoever takes them takes all that are pending.
            }
        }
    }

    /// <summary>Waits until a commit changed something, then takes every topic pending since the last take.</summary>
    public async Task<IReadOnlyCollection<string>> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await _raised.WaitAsync(ct);
            if (TakeNow() is { Count: > 0 } taken)
            {
                return taken;
            }
        }
    }

    /// <summary>Takes every topic pending since the last take, without waiting (none: empty).</summary>
    public IReadOnlyCollection<string> TakeNow()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return [];
            }

            var taken = _pending;
            _pending = new(StringComparer.Ordinal);
            return taken;
        }
    }
}
