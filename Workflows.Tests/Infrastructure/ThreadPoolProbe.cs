using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Governance.Workflows.Tests.Infrastructure;

/// <summary>
/// How long work queued to the test process's thread pool waits before it runs, sampled every
/// 100 ms from a thread of its own. Every Host of the run shares the pool with the browsers and
/// the tests; a worker of Hangfire that fetched a job waits for a pooled continuation (its
/// listener's end) before the job runs, so an email that comes late says whether the pool was
/// starved then (<see cref="Mailbox"/>).
/// </summary>
public static class ThreadPoolProbe
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentQueue<(DateTime At, TimeSpan Wait)> SlowWaits = new();
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        new Thread(Sample) { IsBackground = true, Name = "thread pool probe" }.Start();
    }

    /// <summary>The pool's threads and queue now, and every wait over 250 ms since <paramref name="since"/>.</summary>
    public static string Since(DateTime since)
    {
        var waits = SlowWaits.Where(w => w.At >= since).Select(w => $"{w.At:HH:mm:ss.f} {w.Wait.TotalSeconds:0.0} s");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued; waits over {Slow.TotalMilliseconds:0} ms since {since:HH:mm:ss}: {string.Join(", ", waits.DefaultIfEmpty("none"))}.");
    }

    private static void Sample()
    {
        using var ran = new ManualResetEventSlim();
        while (true)
        {
            ran.Reset();
            var queued = Stopwatch.GetTimestamp();
            var at = DateTime.UtcNow;
            ThreadPool.UnsafeQueueUserWorkItem(static e => e.Set(), ran, preferLocal: false);
            ran.Wait();
            var wait = Stopwatch.GetElapsedTime(queued);
            if (wait > Slow)
            {
                SlowWaits.Enqueue((at, wait));
                while (SlowWaits.Count > 500 && SlowWaits.TryDequeue(out _))
                {
                }
            }

            Thread.Sleep(100);
        }
    }
}
