using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Privacy;

/// <summary>Staff handling a case ask to see one of its masked numbers in full (显示完整号码); for a dispute, of which party.</summary>
public sealed record RevealPersonalData(RevealSubject Subject, Guid SubjectId, PersonalField Field, int? Party = null);

/// <summary>
/// Shows a number in full to the staff who are handling the case, and only after the reveal is
/// recorded: a ticket while it is being served at a window in the actor's scope; a home visit
/// while it is open in the actor's scope; a dispute's party while the matter is open within the
/// reach of the village team that meets the parties or the proxy handler who acts for them.
/// Anyone else gets <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class RevealPersonalDataHandler(IDbContextFactory<WorkflowDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
{
    private static readonly string[] HallHandlers = [Roles.WindowStaff, Roles.HallLead];

    /// <summary>Who may see a dispute party's full phone or ID number; the Host refuses the others before reading the request.</summary>
    public static IReadOnlyList<string> DisputeHandlers { get; } = [Roles.VillageTeam, Roles.ProxyHandler];

    public async Task<string> HandleAsync(RevealPersonalData command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (!(command.Subject == RevealSubject.Dispute ? DisputeHandlers : HallHandlers).Contains(actor.Role))
        {
            throw new UnauthorizedAccessException("只有办理该事项的工作人员可以查看完整号码");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (orgUnit, value) = command.Subject switch
        {
            RevealSubject.Ticket => await OfTicketAsync(db, command, actor, ct),
            RevealSubject.Dispute => await OfDisputePartyAsync(db, command, actor, ct),
            _ => await OfHomeVisitAsync(db, command, actor, ct),
        };

        // Recorded before it is shown: a reveal that cannot be recorded does not happen.
        db.Add(new PersonalDataReveal(actor, command.Subject, command.SubjectId, command.Subject == RevealSubject.Dispute ? command.Party : null, orgUnit, command.Field, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return value;
    }

    private static async Task<(string OrgUnit, string Value)> OfTicketAsync(EngineDbContext db, RevealPersonalData command, Actor actor, CancellationToken ct)
    {
        var ticket = await db.Set<Ticket>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == command.SubjectId, ct);
        var window = ticket?.WindowId is { } windowId ? await db.Set<ServiceWindow>().AsNoTracking().SingleAsync(w => w.Id == windowId, ct) : null;
        if (ticket is null || window is null || ticket.State != TicketWorkflow.Serving || !actor.CanSee(window.OrgUnit))
        {
            throw new UnauthorizedAccessException("只能查看本窗口正在办理的号的完整号码");
        }

        var value = command.Field == PersonalField.Phone
            ? ticket.Phone
            : ticket.BookingId is { } bookingId ? await db.Set<Booking>().Where(b => b.Id == bookingId).Select(b => b.IdNumber).SingleAsync(ct) : null;
        return (window.OrgUnit, value ?? throw NothingToShow(command.Field, ticket.Kind == TicketKind.WalkIn));
    }

    private static async Task<(string OrgUnit, string Value)> OfHomeVisitAsync(EngineDbContext db, RevealPersonalData command, Actor actor, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == command.SubjectId && i.DefinitionName == HomeVisitWorkflow.Name, ct);
        if (instance is null || instance.ClosedAt is not null || !actor.CanSee(instance.OrgUnit))
        {
            throw new UnauthorizedAccessException("只能查看本人职责范围内在办上门服务的完整号码");
        }

        var d = instance.GetData<HomeVisitData>();
        var value = command.Field == PersonalField.Phone ? d.ApplicantPhone : d.IdNumber;
        return (instance.OrgUnit, value ?? throw NothingToShow(command.Field, walkIn: false));
    }

    private static async Task<(string OrgUnit, string Value)> OfDisputePartyAsync(EngineDbContext db, RevealPersonalData command, Actor actor, CancellationToken ct)
    {
        var dispute = await DisputeQueries.Reachable(db, actor).Include(d => d.Parties).SingleOrDefaultAsync(d => d.Id == command.SubjectId && d.ClosedAt == null, ct);
        var party = dispute?.Parties.SingleOrDefault(p => p.Ordinal == command.Party);
        if (dispute is null || party is null)
        {
            throw new UnauthorizedAccessException("只能查看本人职责范围内在办事项当事人的完整号码");
        }

        var value = command.Field == PersonalField.Phone ? party.Phone : party.IdNumber;
        return (Place.OrgUnitOf(dispute.TownshipId, dispute.PlaceId), value ?? throw NothingToShow(command.Field, walkIn: false));
    }

    private static RuleViolationException NothingToShow(PersonalField field, bool walkIn) => field == PersonalField.IdNumber && walkIn
        ? new RuleViolationException("没有完整号码", "现场取号只保存脱敏的身份证号")
        : new RuleViolationException("没有完整号码", "申请人未留此号码");
}
