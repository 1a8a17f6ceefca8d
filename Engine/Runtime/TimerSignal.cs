namespace Governance.Engine.Runtime;

/// <summary>
/// Wakes this process's timer pump when a transaction committed here set a timer due before the
/// pump meant to look again. The pump sleeps until the next due timer (capped); a timer set
/// meanwhile, in this process, must not wait out that sleep. In-process, as <see cref="OutboxSignal"/>:
/// a timer set on another node is found when the pump's capped sleep ends.
/// </summary>
public sealed class TimerSignal
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    /// <summary>The domain instant the sleeping pump looks next (UTC ticks); <see cref="long.MaxValue"/> while it is not asleep.</summary>
    private long _wakeAt = long.MaxValue;

    /// <summary>A timer due at <paramref name="dueAt"/> was committed.</summary>
    public void Raise(DateTimeOffset dueAt)
    {
        // Not asleep (wake-up long.MaxValue): the pump is about to look, or to sleep; a pending
        // wake-up then costs it one more look, and no timer is missed in between.
        if (dueAt.UtcTicks >= Interlocked.Read(ref _wakeAt) || _raised.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _raised.Release();
        }
        catch (SemaphoreFullException)
        {
            // Raised already: one pending wake-up is enough.
        }
    }

    /// <summary>Sleeps for <paramref name="timeout"/>, meaning to look again at <paramref name="wakeAt"/>; true if a timer due earlier woke it.</summary>
    public async Task<bool> WaitAsync(DateTimeOffset wakeAt, TimeSpan timeout, CancellationToken ct)
    {
        Interlocked.Exchange(ref _wakeAt, wakeAt.UtcTicks);
        try
        {
            return await _raised.WaitAsync(timeout, ct);
        }
        finally
        {
            Interlocked.Exchange(ref _wakeAt, long.MaxValue);
        }
    }
}
