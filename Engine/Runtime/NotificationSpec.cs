namespace Governance.Engine.Runtime;

/// <summary>A person an email goes to.</summary>
public sealed record Recipient(string Name, string Email);

/// <summary>Finds who must hear of a step, inside the transition's transaction.</summary>
public sealed record RecipientRule(string Description, Func<TransitionContext, CancellationToken, Task<IReadOnlyList<Recipient>>> Resolve);

/// <summary>
/// A notification a step owes: the template that renders it (in Notifications) and who gets it.
/// The model is what the template may show; keep personal data out of it or masked.
/// </summary>
public sealed record NotificationSpec(string Template, RecipientRule Recipients, Func<TransitionContext, object>? Model = null);

/// <summary>
/// A template that code writes to the outbox itself, not through a definition (a reminder, a
/// circular): registered as a service, so the start-up check of templates covers it too.
/// </summary>
public sealed record OutboxTemplate(string Template, string WrittenBy);
