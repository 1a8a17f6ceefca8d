using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Governance.Host.Live;

/// <summary>
/// One page's event stream: the topics it watches and what it has not been told yet. Changes
/// that arrive while it is busy writing are merged into one event (a slow page is told less
/// often, never out of date), so what it holds stays as small as the topics it watches.
/// </summary>
public sealed class LiveStream(IReadOnlyList<LiveTopic> topics)
{
    /// <summary>Event types a page listens for (live.js).</summary>
    public const string ReadyEvent = "ready";
    public const string ChangeEvent = "change";
    public const string RefreshEvent = "refresh";
    public const string PingEvent = "ping";

    /// <summary>How soon the browser comes back after the stream breaks (the SSE <c>retry</c> field).</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private string? _id;
    private bool _refresh;

    public IReadOnlyList<LiveTopic> Topics => topics;

    internal void Offer(string id, IReadOnlyList<(string Definition, string OrgUnit)> changes)
    {
        var watched = changes.Where(c => topics.Any(t => t.Covers(c.Definition, c.OrgUnit))).ToList();
        if (watched.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _changed.UnionWith(watched.Select(c => $"{c.Definition} {c.OrgUnit}"));
            _id = id;
        }

        Wake();
    }

    internal void Refresh(string id)
    {
        lock (_gate)
        {
            _refresh = true;
            _id = id;
        }

        Wake();
    }

    /// <summary>
    /// The stream as the page reads it: <c>ready</c> at once with <paramref name="position"/>,
    /// then <c>change</c> (the changed topics, a line each) or <c>refresh</c> as they come, each
    /// with its id, and <c>ping</c> after <paramref name="heartbeat"/> of silence; until
    /// <paramref name="ct"/> (the page went away, or the node stops).
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> ReadAsync(string position, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<string>(position, ReadyEvent) { EventId = position, ReconnectionInterval = Reconnect };
        while (await WaitAsync(heartbeat, ct) is { } woken)
        {
            if (!woken)
            {
                yield return new SseItem<string>(PingEvent, PingEvent);
                continue;
            }

            string? id;
            string? changed = null;
            bool refresh;
            lock (_gate)
            {
                (id, refresh) = (_id, _refresh);
                if (!refresh && _changed.Count > 0)
                {
                    changed = string.Join('\n', _changed);
                }

                _changed.Clear();
                _refresh = false;
            }

            if (refresh)
            {
                yield return new SseItem<string>(id!, RefreshEvent) { EventId = id };
            }
            else if (changed is not null)
            {
                yield return new SseItem<string>(changed, ChangeEvent) { EventId = id };
            }
        }
    }

    /// <summary>True when told something, false after <paramref name="timeout"/> of silence, null when the stream is to end.</summary>
    private async Task<bool?> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await _signal.WaitAsync(timeout, ct);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already: it takes everything when it wakes.
            }
        }
    }
}
