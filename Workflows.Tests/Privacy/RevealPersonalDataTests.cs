using Governance.Engine;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.Tests.Privacy;

public sealed class PrivacyDatabase() : TestDatabase("privacy");

/// <summary>Masked numbers shown in full: only to the staff handling the case, and never without a record of who, when and which.</summary>
public sealed class RevealPersonalDataTests(PrivacyDatabase database) : IClassFixture<PrivacyDatabase>
{
    private readonly RuntimeHarness _h = new(database, null, TicketWorkflow.Definition);

    private RevealPersonalDataHandler Reveal => new(database.Factory, [new TicketRevealSource()], _h.Clock);

    private async Task<(TestHall Hall, TicketView Ticket)> CalledTicketAsync(bool call = true)
    {
        var hall = await TestHall.CreateAsync(database);
        await using (var db = database.CreateContext())
        {
            var window = await db.Set<ServiceWindow>().SingleAsync(w => w.Id == hall.Windows[0].Id);
            var item = new ServiceItem(hall.Hall.Id, "SPFBA", "商品房合同备案");
            item.Windows.Add(window);
            db.Add(item);
            await db.SaveChangesAsync();
            var ticket = await new IssueTicketHandler(_h.Runtime, Microsoft.Extensions.Options.Options.Create(new QueueOptions())).HandleAsync(
                new IssueTicket(item.Id, "李四", TestPeople.Phone(801), TestPeople.IdNumber(801), null), RuntimeHarness.Staff(hall), TestContext.Current.CancellationToken);
            if (call)
            {
                ticket = (await new CallNextHandler(_h.Runtime).HandleAsync(hall.Windows[0].Id, RuntimeHarness.Staff(hall), TestContext.Current.CancellationToken))!;
            }

            return (hall, ticket);
        }
    }

    private async Task<List<PersonalDataReveal>> RevealsOfAsync(Guid subject)
    {
        await using var db = database.CreateContext();
        return await db.Set<PersonalDataReveal>().AsNoTracking().Where(r => r.SubjectId == subject).ToListAsync();
    }

    [Fact]
    public async Task The_serving_windows_staff_see_the_phone_in_full_and_the_reveal_is_recorded_without_the_number()
    {
        var (hall, ticket) = await CalledTicketAsync();
        var staff = RuntimeHarness.Staff(hall);

        var phone = await Reveal.HandleAsync(new RevealPersonalData(RevealSubject.Ticket, ticket.Id, PersonalField.Phone), staff, TestContext.Current.CancellationToken);

        Assert.Equal(TestPeople.Phone(801), phone);
        Assert.Equal("139****0801", ticket.Phone);
        var reveal = Assert.Single(await RevealsOfAsync(ticket.Id));
        Assert.Equal((staff.Id, staff.Name, Roles.WindowStaff, PersonalField.Phone, $"{hall.Windows[0].OrgUnit}"), (reveal.ActorId, reveal.ActorName, reveal.ActorRole, reveal.Field, reveal.OrgUnit));
        Assert.Equal(_h.Clock.GetUtcNow(), reveal.At);
        var line = Assert.Single(await new RevealQueries(database.Factory).RecentAsync(RuntimeHarness.Lead(hall), 10, TestContext.Current.CancellationToken));
        Assert.Equal(staff.Name, line.ActorName);
    }

    [Fact]
    public async Task Another_windows_staff_a_waiting_ticket_and_a_citizen_get_nothing_and_nothing_is_recorded()
    {
        var (hall, serving) = await CalledTicketAsync();
        var (otherHall, waiting) = await CalledTicketAsync(call: false);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Reveal.HandleAsync(new(RevealSubject.Ticket, serving.Id, PersonalField.Phone), RuntimeHarness.Staff(hall, window: 1), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Reveal.HandleAsync(new(RevealSubject.Ticket, serving.Id, PersonalField.Phone), RuntimeHarness.Staff(otherHall), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Reveal.HandleAsync(new(RevealSubject.Ticket, waiting.Id, PersonalField.Phone), RuntimeHarness.Staff(otherHall), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Reveal.HandleAsync(
            new(RevealSubject.Ticket, serving.Id, PersonalField.Phone), new Governance.Engine.Runtime.Actor("c1", "张三", Roles.Citizen, ""), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => new RevealQueries(database.Factory).RecentAsync(RuntimeHarness.Staff(hall), 10, ct));

        Assert.Empty(await RevealsOfAsync(serving.Id));
        Assert.Empty(await RevealsOfAsync(waiting.Id));
    }

    [Fact]
    public async Task A_walk_ins_id_number_was_never_kept_in_full_so_there_is_nothing_to_reveal()
    {
        var (hall, ticket) = await CalledTicketAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Reveal.HandleAsync(
            new(RevealSubject.Ticket, ticket.Id, PersonalField.IdNumber), RuntimeHarness.Staff(hall), TestContext.Current.CancellationToken));

        Assert.Equal("现场取号只保存脱敏的身份证号", refused.Detail);
        Assert.Empty(await RevealsOfAsync(ticket.Id));
    }

    [Fact]
    public async Task The_record_of_reveals_cannot_be_changed_or_deleted()
    {
        var (hall, ticket) = await CalledTicketAsync();
        await Reveal.HandleAsync(new(RevealSubject.Ticket, ticket.Id, PersonalField.Phone), RuntimeHarness.Staff(hall), TestContext.Current.CancellationToken);
        await using var db = database.CreateContext();

        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"UPDATE privacy.reveals SET actor_name = 'x' WHERE subject_id = {ticket.Id}"));
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM privacy.reveals WHERE subject_id = {ticket.Id}"));
        Assert.Single(await RevealsOfAsync(ticket.Id));
    }
}
