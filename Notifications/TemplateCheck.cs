using Governance.Engine.Runtime;
using Microsoft.Extensions.Hosting;

namespace Governance.Notifications;

/// <summary>
/// Refuses to start the Host while a template key that a registered definition names (on entering a
/// state, on a step, at an SLA warning or expiry) or that code writes to the outbox itself
/// (<see cref="OutboxTemplate"/>) has no template here: the keys are plain strings, and a typo
/// would otherwise show only when the first such email failed to render.
/// </summary>
public sealed class TemplateCheck(WorkflowRegistry registry, IEnumerable<OutboxTemplate> direct, EmailTemplates templates) : IHostedService
{
    /// <exception cref="InvalidOperationException">A key has no template; the message names each, and who uses it.</exception>
    public void Verify()
    {
        var used = registry.All.SelectMany(d => d.Templates.Select(t => (Template: t, By: $"{d.Name} v{d.Version}")))
            .Concat(direct.Select(t => (t.Template, By: t.WrittenBy)));
        var missing = used.Where(u => !templates.Has(u.Template))
            .GroupBy(u => u.Template, u => u.By)
            .Select(g => $"'{g.Key}' (used by {string.Join(", ", g.Distinct())})")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No email template for {string.Join("; ", missing)}: add it to Notifications/Templates or correct the key.");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Verify();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
