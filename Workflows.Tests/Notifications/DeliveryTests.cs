using Governance.Notifications;
using Governance.Notifications.Templates;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.Notifications;

/// <summary>Hangfire delivers at least once; the job must make that exactly one email.</summary>
public sealed class DeliveryTests(TestDatabase database)
{
    private readonly RuntimeHarness _h = new(database);

    private OutboxDelivery Delivery()
    {
        var sender = new EmailSender(Options.Create(new SmtpOptions { Host = Mailbox.SmtpHost, Port = Mailbox.SmtpPort }), TimeProvider.System);
        var templates = new EmailTemplates([new ExtendedHoursRegistered(), new ExtendedHoursOverdue(), new CalendarYearMissing()]);
        return new OutboxDelivery(new EngineContexts(database.Factory), sender, templates, TimeProvider.System, NullLogger<OutboxDelivery>.Instance);
    }

    [Fact]
    public async Task A_delivery_job_run_twice_in_a_row_and_twice_at_once_sends_one_email_each()
    {
        var hall = await TestHall.CreateAsync(database);
        var first = await _h.Register.HandleAsync(_h.Registration(hall, "先"), RuntimeHarness.Staff(hall), CancellationToken.None);
        var second = await _h.Register.HandleAsync(_h.Registration(hall, "后"), RuntimeHarness.Staff(hall), CancellationToken.None);
        await using var db = database.CreateContext();
        var ids = await db.Outbox.Where(o => o.InstanceId == first.Id || o.InstanceId == second.Id).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToListAsync();
        var delivery = Delivery();

        await delivery.DeliverAsync([ids[0]], CancellationToken.None);
        await delivery.DeliverAsync([ids[0]], CancellationToken.None);
        await Task.WhenAll(Delivery().DeliverAsync([ids[1]], CancellationToken.None), Delivery().DeliverAsync([ids[1]], CancellationToken.None));

        var mail = await Mailbox.WaitForAsync(hall.LeadEmail, 2);
        await Task.Delay(500);
        mail = await Mailbox.ToAsync(hall.LeadEmail);
        Assert.Equal(ids.Select(id => $"{id:N}@governance.local").Order(), mail.Select(m => m.MessageId).Order());
        Assert.All(await db.Outbox.Where(o => ids.Contains(o.Id)).ToListAsync(), o => Assert.Equal(1, o.Attempts));
    }

    [Fact]
    public async Task A_batch_sends_past_an_email_that_fails_leaves_it_to_the_dispatcher_and_its_retry_sends_only_that_one()
    {
        var hall = await TestHall.CreateAsync(database);
        var instances = new List<Guid?>();
        foreach (var name in new[] { "甲", "乙", "丙" })
        {
            instances.Add((await _h.Register.HandleAsync(_h.Registration(hall, name), RuntimeHarness.Staff(hall), CancellationToken.None)).Id);
        }

        await using var db = database.CreateContext();
        var ids = await db.Outbox.Where(o => instances.Contains(o.InstanceId)).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToArrayAsync();
        var broken = await db.Outbox.Where(o => o.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(o => o.Template, "no-such-template"));
        Assert.Equal(1, broken);

        var started = DateTimeOffset.UtcNow;
        await Delivery().DeliverAsync(ids, CancellationToken.None);
        var finished = DateTimeOffset.UtcNow;
        var mail = await Mailbox.WaitForAsync(hall.LeadEmail, 2);
        Assert.Equal(new[] { ids[0], ids[2] }.Select(id => $"{id:N}@governance.local").Order(), mail.Select(m => m.MessageId).Order());
        var failing = await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == ids[1]);
        Assert.Equal((1, (DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), (failing.Attempts, failing.SentAt, failing.EnqueuedAt, failing.ClaimedUntil));
        Assert.NotNull(failing.LastError);

        // The first retry is due a second after the failure.
        Assert.InRange(failing.NextAttemptAt!.Value, started.AddSeconds(1), finished.AddSeconds(1.5));

        await db.Outbox.Where(o => o.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(o => o.Template, "extended-hours.registered"));
        await Delivery().DeliverAsync(ids, CancellationToken.None);

        mail = await Mailbox.WaitForAsync(hall.LeadEmail, 3);
        await Task.Delay(500);
        mail = await Mailbox.ToAsync(hall.LeadEmail);
        Assert.Equal(ids.Select(id => $"{id:N}@governance.local").Order(), mail.Select(m => m.MessageId).Order());
        var rows = await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id);
        Assert.Equal([1, 2, 1], ids.Select(id => rows[id].Attempts));
        Assert.All(rows.Values, o => Assert.Equal((true, (DateTimeOffset?)null, (string?)null), (o.SentAt is not null, o.ClaimedUntil, o.LastError)));
    }

    [Fact]
    public async Task An_email_another_worker_holds_is_not_sent_until_its_lease_lapses()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.Register.HandleAsync(_h.Registration(hall), RuntimeHarness.Staff(hall), CancellationToken.None);
        await using var db = database.CreateContext();
        var id = await db.Outbox.Where(o => o.InstanceId == instance.Id).Select(o => o.Id).SingleAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE wf.outbox SET claimed_until = now() + interval '1 minute', attempts = 1 WHERE id = {id}");

        await Delivery().DeliverAsync([id], CancellationToken.None);
        await Task.Delay(1000);
        Assert.Empty(await Mailbox.ToAsync(hall.LeadEmail));

        // The holder died: its lease lapses and the next run sends the email.
        await db.Database.ExecuteSqlAsync($"UPDATE wf.outbox SET claimed_until = now() - interval '1 second' WHERE id = {id}");
        await Delivery().DeliverAsync([id], CancellationToken.None);
        Assert.Equal($"{id:N}@governance.local", Assert.Single(await Mailbox.WaitForAsync(hall.LeadEmail)).MessageId);
        var row = await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
        Assert.Equal((2, (DateTimeOffset?)null), (row.Attempts, row.ClaimedUntil));
    }

    [Fact]
    public async Task The_email_is_in_chinese_and_shows_the_phone_number_masked()
    {
        var hall = await TestHall.CreateAsync(database);
        var instance = await _h.Register.HandleAsync(_h.Registration(hall, "商品房合同备案（20 份）"), RuntimeHarness.Staff(hall), CancellationToken.None);
        await using var db = database.CreateContext();
        var id = await db.Outbox.Where(o => o.InstanceId == instance.Id).Select(o => o.Id).SingleAsync();

        await Delivery().DeliverAsync([id], CancellationToken.None);

        var mail = Assert.Single(await Mailbox.WaitForAsync(hall.LeadEmail));
        Assert.Equal("【延时服务】A01 商品房合同备案 商品房合同备案（20 份）", mail.Subject);
        Assert.Contains("联系电话：138****5678", mail.Text, StringComparison.Ordinal);
        Assert.Contains("最晚办结：2026-11-20 19:00", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_server_is_away_the_email_and_the_rest_of_its_batch_go_back_to_the_dispatcher_with_the_error()
    {
        var hall = await TestHall.CreateAsync(database);
        var instances = new List<Guid?>();
        foreach (var name in new[] { "甲", "乙" })
        {
            instances.Add((await _h.Register.HandleAsync(_h.Registration(hall, name), RuntimeHarness.Staff(hall), CancellationToken.None)).Id);
        }

        await using var db = database.CreateContext();
        var ids = await db.Outbox.Where(o => instances.Contains(o.InstanceId)).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToArrayAsync();
        var unreachable = new OutboxDelivery(
            new EngineContexts(database.Factory),
            new EmailSender(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = 9 }), TimeProvider.System),
            new EmailTemplates([new ExtendedHoursRegistered()]),
            TimeProvider.System,
            NullLogger<OutboxDelivery>.Instance);

        await unreachable.DeliverAsync(ids, CancellationToken.None);

        // The second was not tried (the server had refused the connection) but counts the attempt, with the same error.
        var rows = await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.CreatedAt).ToListAsync();
        Assert.All(rows, row => Assert.Equal((1, (DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), (row.Attempts, row.SentAt, row.EnqueuedAt, row.ClaimedUntil)));
        Assert.All(rows, row => Assert.Equal(rows[0].LastError, row.LastError));
        Assert.NotNull(rows[0].LastError);
        Assert.All(rows, row => Assert.NotNull(row.NextAttemptAt));
    }
}
