namespace Governance.Engine.Runtime;

/// <summary>
/// Wakes this process's outbox dispatcher when a transaction committed here owed emails. An
/// in-process signal, not PostgreSQL NOTIFY: a transaction that notifies takes a cluster-wide
/// lock from before its commit until after its disk flush, which lined all our commits up one
/// behind the other (measured in BENCHMARKS.md). Rows committed by another node are found by
/// the dispatcher's poll.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    public void Raise()
    {
        // One pending wake-up is enough: the dispatcher takes everything undispatched when it wakes.
        if (_raised.CurrentCount == 0)
        {
            try
            {
                _raised.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>True if raised, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _raised.WaitAsync(timeout, ct);
}
