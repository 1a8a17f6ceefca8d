using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.ExtendedHours;

public sealed record ExtendedHoursView(
    Guid Id,
    int Version,
    string State,
    string StateName,
    string Window,
    string Matter,
    ApplicantKind ApplicantKind,
    string ApplicantName,
    string? ApplicantPhone,
    string Reason,
    DateTimeOffset ExpectedFinish,
    DateTimeOffset MustEndBy,
    string? Outcome,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<LedgerLine> Ledger);

/// <summary>One day of a hall's extended-hours services, counted (延时服务要统计).</summary>
public sealed record ExtendedHoursDay(DateOnly Date, int Total, int Served, int Overdue, int Open, IReadOnlyList<ExtendedHoursSummary> Items);

public sealed record ExtendedHoursSummary(Guid Id, int Version, string Title, string State, string StateName, DateTimeOffset RegisteredAt, DateTimeOffset? DueAt, DateTimeOffset? ClosedAt);

public sealed class ExtendedHoursQueries(IDbContextFactory<WorkflowDbContext> dbFactory, WorkflowRegistry registry)
{
    private static readonly WorkflowDefinition Definition = ExtendedHoursWorkflow.Definition;

    /// <summary>One service with its ledger (台账), or null if absent or outside the actor's scope. The phone number is masked.</summary>
    public async Task<ExtendedHoursView?> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.DefinitionName == ExtendedHoursWorkflow.Name, ct);
        if (instance is null || !Definition.Reaches(actor, instance))
        {
            return null;
        }

        var ledger = await LedgerQueries.TimelineAsync(db, registry, instance, ct);
        var d = instance.GetData<ExtendedHoursData>();
        return new ExtendedHoursView(
            instance.Id, instance.Version, instance.State, Definition.States[instance.State].DisplayName, $"{d.WindowCode} {d.WindowName}",
            d.Matter, d.ApplicantKind, d.ApplicantName, d.ApplicantPhone is null ? null : PersonalData.MaskPhone(d.ApplicantPhone),
            d.Reason, d.ExpectedFinish, d.MustEndBy, d.Outcome, instance.CreatedAt, instance.ClosedAt, ledger);
    }

    /// <summary>The services registered on a (China) date within the actor's scope, with counts.</summary>
    public async Task<ExtendedHoursDay> ListDayAsync(DateOnly date, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = ChinaTime.At(date, TimeOnly.MinValue).ToUniversalTime();
        var to = from.AddDays(1);
        var reaches = ExtendedHoursWorkflow.HallRoles.Contains(actor.Role);
        var rows = await db.Instances.AsNoTracking()
            .Where(i => reaches && i.DefinitionName == ExtendedHoursWorkflow.Name && i.CreatedAt >= from && i.CreatedAt < to)
            .WithinScopeOf(actor, i => i.OrgUnit)
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.Version, i.Title, i.State, i.CreatedAt, i.DueAt, i.ClosedAt })
            .ToListAsync(ct);
        var overdueEver = await db.Ledger.AsNoTracking()
            .Where(l => l.Trigger == ExtendedHoursWorkflow.Expire && rows.Select(r => r.Id).Contains(l.InstanceId))
            .Select(l => l.InstanceId).Distinct().CountAsync(ct);
        var items = rows.Select(r => new ExtendedHoursSummary(r.Id, r.Version, r.Title, r.State, Definition.States[r.State].DisplayName, r.CreatedAt, r.DueAt, r.ClosedAt)).ToList();
        return new ExtendedHoursDay(
            date,
            items.Count,
            items.Count(i => i.State == ExtendedHoursWorkflow.Served),
            overdueEver,
            items.Count(i => i.ClosedAt is null),
            items);
    }
}
