namespace Governance.Notifications;

/// <summary>Configuration section <c>Smtp</c>: where emails go out.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1025;

    /// <summary>None for a local development server; StartTls or SslOnConnect for a real relay.</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.None;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromName { get; set; } = "项城市政务服务与平安创建平台";

    public string FromAddress { get; set; } = "noreply@governance.local";

    /// <summary>
    /// How long one SMTP step (connect, a command, the message) may take. MailKit's default is
    /// 2 minutes; a server that hangs would hold a worker, and the email's lease, that long.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
