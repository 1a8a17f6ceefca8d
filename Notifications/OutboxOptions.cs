namespace Governance.Notifications;

/// <summary>Configuration section <c>Notifications:Outbox</c>: how owed emails are handed out, leased and retried.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Notifications:Outbox";

    /// <summary>
    /// How often to look for owed rows nobody in this process signalled: rows committed by another
    /// node, retries whose time came, leases that lapsed. A commit in this process wakes the
    /// dispatcher at once. One short query a second is what an idle Host pays for it.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Emails per Hangfire job. A job costs several PostgreSQL round trips and an SMTP connection;
    /// a batch shares them. A quiet system still sends each email in a job of its own at once.
    /// </summary>
    public int EmailsPerJob { get; set; } = 20;

    /// <summary>
    /// How long a worker holds an email it is sending. Longer than one SMTP exchange can take
    /// (connect, authenticate, send: each bounded by <see cref="SmtpOptions.Timeout"/>), so a live
    /// worker is never overtaken; it is also about how long an email whose worker died waits
    /// before it is sent again (the dispatcher looks for lapsed leases every quarter lease).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="RetryCap"/>.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No retry waits longer, so a short outage costs no more than this after it ends.</summary>
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>After this many attempts an unsent email is a dead letter: reported on /health and to the administrator.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// A dead letter is still owed: it is tried again this often, and at once whenever SMTP
    /// answers again after not answering.
    /// </summary>
    public TimeSpan DeadLetterRetry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>While SMTP does not answer, the dispatcher asks it this often (a connect and QUIT, no email) instead of handing out jobs that would fail.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An email handed to Hangfire and neither claimed nor sent for this long is handed out again:
    /// its job was lost (deleted in the dashboard, failed on a database fault). Longer than a
    /// busy queue's wait, so that a backlog is not doubled.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(10);
}
