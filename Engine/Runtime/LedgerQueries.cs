using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Engine.Runtime;

/// <summary>
/// One line of an instance's ledger (台账) as people read it: the step and the states in the words
/// of the definition the instance is pinned to, the role in the catalogue's. The codes stay
/// beside them (<paramref name="Kind"/>, <paramref name="Trigger"/>, <paramref name="ToState"/>,
/// <paramref name="ActorRole"/>) for whatever selects by them.
/// </summary>
public sealed record LedgerLine(
    DateTimeOffset At,
    string Kind,
    string Trigger,
    string Step,
    string FromState,
    string FromStateName,
    string ToState,
    string ToStateName,
    string Actor,
    string ActorRole,
    string ActorRoleName,
    string? Reason)
{
    /// <summary>Who did it, each word once: 系统 is both the system's name and its role.</summary>
    public string Who => ActorRole == Runtime.Actor.SystemRole ? ActorRoleName : $"{Actor}（{ActorRoleName}）";
}

/// <summary>The history (台账) of any instance, the same for every workflow.</summary>
public static class LedgerQueries
{
    /// <summary>The ledger of <paramref name="instance"/>, oldest first. Reach is the caller's to have checked.</summary>
    public static async Task<IReadOnlyList<LedgerLine>> TimelineAsync(EngineDbContext db, WorkflowRegistry registry, WorkflowInstance instance, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(instance);
        var definition = registry.For(instance);
        var entries = await db.Ledger.AsNoTracking().Where(l => l.InstanceId == instance.Id).OrderBy(l => l.Id).ToListAsync(ct);
        return [.. entries.Select(l => new LedgerLine(
            l.At, l.Kind.ToString(), l.Trigger, definition.StepName(l.Kind, l.Trigger, l.FromState),
            l.FromState, definition.StateName(l.FromState), l.ToState, definition.StateName(l.ToState),
            l.ActorName, l.ActorRole, registry.Roles.DisplayName(l.ActorRole), l.Reason))];
    }
}
