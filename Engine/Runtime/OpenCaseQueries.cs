using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Engine.Runtime;

/// <summary>
/// An open instance as a lead's overview lists it: its current step's limit, whether the 80 %
/// warning (临期预警) went out for this step, and whether the limit is spent (超期).
/// <c>DueProvisionalYear</c>, when set, makes the limit provisional (暂定): that year's holidays are not entered.
/// </summary>
public sealed record OpenCase(Guid Id, string Workflow, string WorkflowName, string Title, string State, string StateName, string OrgUnit, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, int? DueProvisionalYear, bool Warned, bool Overdue);

public sealed class OpenCaseQueries(IDbContextFactory<EngineDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// Open instances of <paramref name="workflows"/> within the actor's scope, the most pressing
    /// first (overdue, then by due time). A warning counts when the ledger holds one for the
    /// instance's current version, i.e. for the step it is in now.
    /// </summary>
    public async Task<IReadOnlyList<OpenCase>> InScopeAsync(Actor actor, IReadOnlyCollection<string> workflows, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.Instances.AsNoTracking()
            .Where(i => i.ClosedAt == null && workflows.Contains(i.DefinitionName))
            .WithinScopeOf(actor, i => i.OrgUnit)
            .OrderBy(i => i.DueAt == null).ThenBy(i => i.DueAt).ThenBy(i => i.CreatedAt)
            .Take(limit)
            .Select(i => new
            {
                Instance = i,
                Warned = db.Ledger.Any(l => l.InstanceId == i.Id && l.Version == i.Version && l.Kind == LedgerKind.SlaWarning),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var definition = registry.For(r.Instance);
            return new OpenCase(
                r.Instance.Id, definition.Name, definition.DisplayName, r.Instance.Title, r.Instance.State, definition.States[r.Instance.State].DisplayName,
                r.Instance.OrgUnit, r.Instance.CreatedAt, r.Instance.DueAt, r.Instance.DueProvisionalYear, r.Warned, r.Instance.DueAt < now);
        })];
    }
}
