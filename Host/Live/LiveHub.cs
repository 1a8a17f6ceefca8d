using System.Collections.Concurrent;

namespace Governance.Host.Live;

/// <summary>
/// This node's open event streams, and what it tells them: every change its listener hears of
/// (<see cref="LiveFeed"/>), to the streams watching it; and, after the listener was away, that
/// they may have missed some. One per process.
/// </summary>
public sealed class LiveHub
{
    private readonly ConcurrentDictionary<LiveStream, byte> _streams = new();
    private string _position = NewPosition();

    /// <summary>
    /// The id of the last change this node heard of, or of its listener's last (re)connect: what a
    /// page that opens its stream now has seen all changes up to, once it has refreshed. Pages
    /// refresh a live part with it (<c>?live=…</c>), so all pages told of the same change ask for
    /// the same thing and the node renders it once (<see cref="LiveParts"/>).
    /// </summary>
    public string Position => Volatile.Read(ref _position);

    public int Count => _streams.Count;

    /// <summary>A new stream watching <paramref name="topics"/>, or null when this node keeps <paramref name="max"/> open already.</summary>
    public LiveStream? Open(IReadOnlyList<LiveTopic> topics, int max)
    {
        if (_streams.Count >= max)
        {
            return null;
        }

        var stream = new LiveStream(topics);
        _streams.TryAdd(stream, 0);
        return stream;
    }

    public void Close(LiveStream stream) => _streams.TryRemove(stream, out _);

    /// <summary>Changes committed on some node (topics as <see cref="Engine.Runtime.ChangeSignal.Topic"/> writes them), told under <paramref name="id"/>.</summary>
    public void Publish(string id, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var changes = topics.Select(t => t.Split(' ', 2)).Where(p => p.Length == 2).Select(p => (Definition: p[0], OrgUnit: p[1])).ToList();
        Volatile.Write(ref _position, id);
        foreach (var stream in _streams.Keys)
        {
            stream.Offer(id, changes);
        }
    }

    /// <summary>Tells every stream to refresh all it shows: changes may have gone unheard (the listener was away).</summary>
    public void RefreshAll()
    {
        var id = NewPosition();
        Volatile.Write(ref _position, id);
        foreach (var stream in _streams.Keys)
        {
            stream.Refresh(id);
        }
    }

    /// <summary>An id no page has refreshed with yet.</summary>
    public static string NewPosition() => Guid.CreateVersion7().ToString("N");
}
