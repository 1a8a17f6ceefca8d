namespace Governance.Workflows.Runtime;

/// <summary>
/// An email a transition owes, written in the transition's own transaction. A dispatcher hands
/// it to Hangfire; the delivery job checks <see cref="SentAt"/> first, so a retry never mails twice.
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

    public DateTimeOffset? EnqueuedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }
}
