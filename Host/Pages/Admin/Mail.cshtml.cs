using Governance.Notifications;

namespace Governance.Host.Pages.Admin;

/// <summary>Email delivery as the administrator sees it: whether SMTP answers, how much is owed, and the dead letters with their last error.</summary>
public sealed class MailModel(OutboxQueries outbox, OutboxDispatcher dispatcher) : GovernancePage
{
    /// <summary>More are counted in the summary; the oldest are listed.</summary>
    public const int Listed = 200;

    public OutboxSummary Summary { get; private set; } = new(0, 0, null);

    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];

    public int MaxAttempts => outbox.MaxAttempts;

    public SmtpOutage? SmtpDown => dispatcher.SmtpDown;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Summary = await outbox.SummaryAsync(ct);
        DeadLetters = await outbox.DeadLettersAsync(Listed, ct);
    }
}
