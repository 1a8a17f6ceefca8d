using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>A ticket's numbers, to the window staff and hall lead while it is being served at a window in their scope; its ID number only if it came from a booking.</summary>
internal sealed class TicketRevealSource : IRevealSource
{
    public RevealSubject Subject => RevealSubject.Ticket;

    public IReadOnlyList<string> Handlers { get; } = [Roles.WindowStaff, Roles.HallLead];

    public string OutOfReach => "只能查看本窗口正在办理的号的完整号码";

    public async Task<RevealedNumber?> FindAsync(EngineDbContext db, Guid subjectId, int? party, PersonalField field, Actor actor, CancellationToken ct)
    {
        var ticket = await db.Set<Ticket>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == subjectId, ct);
        var window = ticket?.WindowId is { } windowId ? await db.Set<ServiceWindow>().AsNoTracking().SingleAsync(w => w.Id == windowId, ct) : null;
        if (ticket is null || window is null || !TicketWorkflow.AtWindow.Contains(ticket.State) || !actor.CanSee(window.OrgUnit))
        {
            return null;
        }

        if (field == PersonalField.Phone)
        {
            return new RevealedNumber(window.OrgUnit, ticket.Phone);
        }

        return ticket.BookingId is { } bookingId
            ? new RevealedNumber(window.OrgUnit, await db.Set<Booking>().Where(b => b.Id == bookingId).Select(b => b.IdNumber).SingleAsync(ct))
            : ticket.Kind == TicketKind.WalkIn
                ? throw new RuleViolationException("没有完整号码", "现场取号只保存脱敏的身份证号")
                : new RevealedNumber(window.OrgUnit, null);
    }
}
