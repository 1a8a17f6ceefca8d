namespace Governance.Host.Live;

/// <summary>Configuration section <c>Live</c>: how pages are told of changes (see <see cref="LiveFeed"/>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often an open event stream says it is alive when nothing changes, so proxies keep it open; default 15 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long this node gathers what its commits changed before it tells every node, in one
    /// short transaction for all of them (NOTIFY); default 50 ms. Longer costs PostgreSQL fewer
    /// transactions under load and pages that much more delay.
    /// </summary>
    public TimeSpan PublishDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a live part's refresh trusts the roles and scope its sign-in cookie carries before
    /// it reads them from the store again; default 1 minute. Every other request reads them each
    /// time (a lock, a new password or a changed role holds at the next click); a refresh that did
    /// so would cost every open page several queries at every change it is told of.
    /// </summary>
    public TimeSpan SessionRecheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a live part rendered for one page is kept for the others in the same role and scope; default 1 minute.</summary>
    public TimeSpan PartCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many topics one event stream may watch; default 10.</summary>
    public int MaxTopics { get; set; } = 10;

    /// <summary>How many event streams one node keeps open at most; one more is answered 503 (the browser tries again). Default 5,000.</summary>
    public int MaxStreams { get; set; } = 5000;
}
