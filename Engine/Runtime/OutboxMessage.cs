using System.Diagnostics;

namespace Governance.Engine.Runtime;

/// <summary>
/// An email a transition owes, written in the transition's own transaction. A dispatcher hands
/// it to Hangfire; the delivery job claims it for a short lease (<see cref="ClaimedUntil"/>)
/// before it sends, and marks it sent in one statement after the SMTP server accepted it, so
/// two workers never send it at once and a retry never sends what was marked sent.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(Guid id, Guid? instanceId, string template, Recipient recipient, string model, DateTimeOffset now, string? dedupeKey = null)
    {
        Id = id;
        InstanceId = instanceId;
        Template = template;
        RecipientName = recipient.Name;
        RecipientEmail = recipient.Email;
        Model = model;
        CreatedAt = now;
        DedupeKey = dedupeKey;
        TraceParent = CurrentTraceParent();
    }

    public Guid Id { get; private set; }

    public Guid? InstanceId { get; private set; }

    public string Template { get; private set; } = "";

    public string RecipientName { get; private set; } = "";

    public string RecipientEmail { get; private set; } = "";

    /// <summary>JSON the template renders (jsonb).</summary>
    public string Model { get; private set; } = "{}";

    /// <summary>Set for notifications that must exist once however often their cause repeats.</summary>
    public string? DedupeKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of what wrote it (the move's span, else the request's), taken
    /// when it is made, so that the delivery's span continues that trace; null outside any.
    /// </summary>
    public string? TraceParent { get; private set; }

    /// <summary>The W3C <c>traceparent</c> of the span now current (the move's, else the request's), for a row written now; null outside any.</summary>
    internal static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } writer ? writer.Id : null;

    /// <summary>When it was last handed to Hangfire; null while it waits for the dispatcher (new, or back after a failure or a lapsed lease).</summary>
    public DateTimeOffset? EnqueuedAt { get; private set; }

    /// <summary>
    /// A delivery job's lease: until then one worker is sending this email and no other may. A
    /// worker that died leaves it to lapse, and the dispatcher's sweep hands the email out again.
    /// </summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>After a failed attempt, when the dispatcher hands it out again (database time).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Attempts to send, counted when a worker claims it or when SMTP did not answer the dispatcher's probe.</summary>
    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The Hangfire job it was last handed to (its id on the dashboard), for an operator tracing a delivery; null until first handed out.</summary>
    public string? JobId { get; private set; }

    /// <summary>
    /// The sent email this row is a new copy of (an administrator's 重发, <c>ResendEmail</c>): a new
    /// row with its own Message-ID, so that the recipient's server does not drop it as the same
    /// message again. Each row is copied at most once: a second click finds the copy.
    /// </summary>
    public Guid? ResendOf { get; private set; }
}
