using Governance.Notifications.Templates;
using Governance.Engine;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Governance.Notifications;

/// <summary>Sends emails over SMTP with MailKit, several over one connection.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>Message-ID derived from the outbox row, so a resend is recognisable as the same email.</summary>
    public string MessageIdFor(Guid outboxId) => $"{outboxId:N}@{options.Value.FromAddress.Split('@')[^1]}";

    /// <summary>A session connects when its first email goes out and says QUIT when disposed.</summary>
    public SmtpSession OpenSession() => new(this);

    /// <summary>
    /// Whether the SMTP server answers: connect, authenticate if configured, NOOP, QUIT; no email.
    /// Null when it does, else why not (for the log and the outbox rows' last error).
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken ct)
    {
        try
        {
            using var client = await ConnectAsync(ct);
            await client.NoOpAsync(ct);
            await client.DisconnectAsync(quit: true, ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return $"SMTP 服务器无应答：{ex.Message}";
        }
    }

    /// <summary>
    /// Whether a failed send says the server is away or broken (connection refused or lost, a
    /// timeout, 421, authentication) rather than that it refused this one message or recipient:
    /// then the emails after it in a batch need not be tried now.
    /// </summary>
    public static bool IsServerTrouble(Exception exception) =>
        exception is not SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted }
        && exception is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException
            or MailKit.ProtocolException or MailKit.CommandException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException
            or System.Security.Authentication.AuthenticationException;

    private MimeMessage Compose(Guid outboxId, string toName, string toAddress, RenderedEmail email)
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
        return message;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One SMTP connection for a batch of emails: a connect and a QUIT per batch instead of per
    /// email. A send that fails drops the connection (its state is unknown); the next send opens
    /// a new one. Not for concurrent use.
    /// </summary>
    public sealed class SmtpSession : IAsyncDisposable
    {
        private readonly EmailSender _sender;
        private SmtpClient? _client;

        internal SmtpSession(EmailSender sender) => _sender = sender;

        public async Task SendAsync(Guid outboxId, string toName, string toAddress, RenderedEmail email, CancellationToken ct)
        {
            var message = _sender.Compose(outboxId, toName, toAddress, email);
            _client ??= await _sender.ConnectAsync(ct);
            try
            {
                await _client.SendAsync(message, ct);
            }
            catch
            {
                _client.Dispose();
                _client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException)
            {
                // Every email of the session was accepted or failed already; a failed QUIT changes neither.
            }
            finally
            {
                _client.Dispose();
                _client = null;
            }
        }
    }
}
