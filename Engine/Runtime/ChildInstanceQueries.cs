using System.Text.Json;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Engine.Runtime;

/// <summary>
/// A child instance as its parent's page lists it: where it stands, its current limit, whether the
/// 80 % warning (临期预警) went out for its current step, and whether a limit of it ran out (超期),
/// still open or finished late. <see cref="Data"/> is its own facts (JSON), read with <see cref="GetData{T}"/>.
/// </summary>
public sealed record ChildInstance(
    Guid Id, string Workflow, string Title, string State, string StateName, string OrgUnit, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? ClosedAt, bool Warned, bool Overdue, string Data)
{
    public T GetData<T>() => JsonSerializer.Deserialize<T>(Data, WorkflowInstance.DataJson)
        ?? throw new InvalidOperationException($"Instance {Id} has no data.");
}

public sealed class ChildInstanceQueries(IDbContextFactory<EngineDbContext> dbFactory, WorkflowRegistry registry, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// The children of <paramref name="parentId"/> that <paramref name="actor"/> reaches (each by its own
    /// definition's rule: a department its own, say), oldest first (children started in one transaction share their instant, in no order of their own); none for a parent without children.
    /// Whether the actor may know of the parent is the caller's to check.
    /// </summary>
    public async Task<IReadOnlyList<ChildInstance>> OfAsync(Guid parentId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.Instances.AsNoTracking()
            .Where(i => i.ParentId == parentId)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new
            {
                Instance = i,
                Warned = db.Ledger.Any(l => l.InstanceId == i.Id && l.Version == i.Version && l.Kind == LedgerKind.SlaWarning),
                Expired = db.Ledger.Any(l => l.InstanceId == i.Id && l.Kind == LedgerKind.SlaExpired),
            })
            .ToListAsync(ct);
        return [.. rows.Where(r => registry.For(r.Instance).Reaches(actor, r.Instance)).Select(r =>
        {
            var (i, definition) = (r.Instance, registry.For(r.Instance));
            return new ChildInstance(
                i.Id, definition.Name, i.Title, i.State, definition.States[i.State].DisplayName, i.OrgUnit, i.Version, i.CreatedAt, i.DueAt, i.ClosedAt,
                r.Warned && i.ClosedAt == null, r.Expired || (i.ClosedAt == null && i.DueAt < now), i.Data);
        })];
    }
}
