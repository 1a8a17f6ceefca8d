using Governance.Notifications;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Governance.Host.Operations;

/// <summary>
/// Email delivery: degraded while this node's SMTP probe finds the server not answering, and while
/// dead letters (owed emails that used their retries) exist. Never unhealthy: neither is this
/// node's fault, and taking the node out of a load balancer would not send one email more.
/// </summary>
public sealed class EmailHealthCheck(OutboxQueries outbox, OutboxDispatcher dispatcher) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var summary = await outbox.SummaryAsync(cancellationToken);
        var problems = new List<string>();
        if (dispatcher.SmtpDown is { } down)
        {
            problems.Add($"SMTP 服务器自 {down.Since:yyyy-MM-dd HH:mm:ss}Z 起无应答（{down.Error}），{summary.Owed} 封邮件待发，恢复后即发出");
        }

        if (summary.DeadLetters > 0)
        {
            problems.Add($"{summary.DeadLetters} 封邮件已尝试 {outbox.MaxAttempts} 次仍未发出（死信，见 /admin/mail），仍会重试，SMTP 恢复应答时立即重发");
        }

        return problems.Count > 0
            ? HealthCheckResult.Degraded(string.Join("；", problems))
            : HealthCheckResult.Healthy($"{summary.Owed} 封邮件待发");
    }
}
