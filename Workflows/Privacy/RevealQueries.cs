using System.Globalization;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Privacy;

/// <summary>
/// One reveal as the audit shows it. <paramref name="What"/> names the case whose number was
/// shown: a ticket by its number, day and item (and the booking it came from, its reference
/// masked: the reader needs to tell bookings apart, not to open one), a home visit or a dispute by
/// its title, a dispute's party by its place in the list. Never the number itself.
/// </summary>
public sealed record RevealLine(DateTimeOffset At, string ActorName, string ActorRole, RevealSubject Subject, Guid SubjectId, PersonalField Field, string What);

/// <summary>Who saw which full numbers: the audit of reveals, for the lead of the unit they happened in.</summary>
public sealed class RevealQueries(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    /// <summary>The newest reveals in the actor's scope (hall leads and administrators only).</summary>
    public async Task<IReadOnlyList<RevealLine>> RecentAsync(Actor actor, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.HallLead or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只有中心值班领导和管理员可以查看号码查看记录");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reveals = await db.Set<PersonalDataReveal>().AsNoTracking()
            .WithinScopeOf(actor, r => r.OrgUnit)
            .OrderByDescending(r => r.At)
            .Take(limit)
            .ToListAsync(ct);
        var ticketIds = reveals.Where(r => r.Subject == RevealSubject.Ticket).Select(r => r.SubjectId).Distinct().ToList();
        var tickets = await db.Set<Ticket>().AsNoTracking()
            .Where(t => ticketIds.Contains(t.Id))
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.Date,
                Item = db.Set<ServiceItem>().Where(i => i.Id == t.ItemId).Select(i => i.Name).Single(),
                Booking = db.Set<Booking>().Where(b => b.Id == t.BookingId).Select(b => b.Reference).SingleOrDefault(),
            })
            .ToDictionaryAsync(t => t.Id, ct);
        var caseIds = reveals.Where(r => r.Subject != RevealSubject.Ticket).Select(r => r.SubjectId).Distinct().ToList();
        var titles = await db.Instances.AsNoTracking().Where(i => caseIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Title, ct);

        string What(PersonalDataReveal r) => r.Subject switch
        {
            RevealSubject.Ticket when tickets.GetValueOrDefault(r.SubjectId) is { } t =>
                string.Create(CultureInfo.InvariantCulture, $"排队号 {t.Number}（{t.Date:M月d日}，{t.Item}")
                + (t.Booking is { } reference ? $"，预约号 {PersonalData.MaskReference(reference)}）" : "）"),
            RevealSubject.Dispute => $"{titles.GetValueOrDefault(r.SubjectId, "矛盾纠纷")} · 第 {r.Party} 位当事人",
            RevealSubject.HomeVisit => titles.GetValueOrDefault(r.SubjectId, "上门服务"),
            _ => "排队号",
        };

        return [.. reveals.Select(r => new RevealLine(r.At, r.ActorName, r.ActorRole, r.Subject, r.SubjectId, r.Field, What(r)))];
    }
}
