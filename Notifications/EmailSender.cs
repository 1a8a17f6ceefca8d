using Governance.Notifications.Templates;
using Governance.Workflows;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Governance.Notifications;

/// <summary>Sends one email over SMTP with MailKit.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>Message-ID derived from the outbox row, so a resend is recognisable as the same email.</summary>
    public string MessageIdFor(Guid outboxId) => $"{outboxId:N}@{options.Value.FromAddress.Split('@')[^1]}";

    public async Task SendAsync(Guid outboxId, string toName, string toAddress, RenderedEmail email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        var smtp = options.Value;
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(outboxId),
            Date = clock.GetUtcNow(),
            Subject = email.Subject,
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        message.To.Add(new MailboxAddress(toName, toAddress));

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
