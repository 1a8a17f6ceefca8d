using System.Collections.Frozen;
using Governance.Notifications.Templates;

namespace Governance.Notifications;

/// <summary>Every template, by the key the workflow definitions name.</summary>
public sealed class EmailTemplates(IEnumerable<EmailTemplate> templates)
{
    private readonly FrozenDictionary<string, EmailTemplate> _byKey = templates.ToFrozenDictionary(t => t.Key);

    public bool Has(string key) => _byKey.ContainsKey(key);

    public EmailTemplate Get(string key) =>
        _byKey.TryGetValue(key, out var template) ? template : throw new InvalidOperationException($"No email template '{key}'.");
}
