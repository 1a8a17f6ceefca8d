using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Runtime;
using Governance.Host.Demo;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: the demo's city, hall and accounts, as run.sh seeds them.</summary>
public sealed class DemoDatabase() : TestDatabase("demo");

/// <summary>
/// What run.sh's demo gives the administrator to mend (issue 16's "done when"): the dispute of
/// 永丰镇郭丰楼村 stuck on its failing warning, found by the console's search for failing timers
/// and fired again over HTTP, so that the town's official gets the warning; seeding again adds nothing.
/// </summary>
public sealed class DemoDataTests(DemoDatabase database) : IClassFixture<DemoDatabase>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A Monday evening, China time: the demo's dispute was registered on a working day before it.</summary>
    private static readonly DateTimeOffset MondayEvening = new(2026, 12, 7, 20, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task The_administrator_finds_the_demo_dispute_stuck_on_its_failing_warning_and_fires_it_again_and_the_town_is_warned()
    {
        var clock = new FakeTimeProvider(MondayEvening.ToUniversalTime());
        await using var host = new GovernanceHost(database, clock, new Dictionary<string, string> { ["Demo:Seed"] = "true" });
        var admin = await host.SignInAsync(Roles.Admin, "");

        var found = await admin.GetFromJsonAsync<JsonElement>("/api/admin/instances?stuck=TimerFailing", Ct);
        var row = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("矛盾纠纷（邻里纠纷）：永丰镇郭丰楼村", row.GetProperty("title").GetString());
        var id = row.GetProperty("id").GetGuid();

        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{id}", Ct);
        var timer = Assert.Single(detail.GetProperty("timers").EnumerateArray());
        Assert.Equal(("临期预警", "临期预警触发失败 10 次，等待重试（error: NpgsqlException）", true),
            (timer.GetProperty("next").GetString(), timer.GetProperty("status").GetString(), timer.GetProperty("retryable").GetBoolean()));
        Assert.True(timer.GetProperty("warnAt").GetDateTimeOffset() < clock.GetUtcNow() && timer.GetProperty("dueAt").GetDateTimeOffset() > clock.GetUtcNow().AddHours(1));

        // Registered by the village's linkage team through the engine, days ago, and never moved since.
        var ledger = detail.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(["start", "route-village"], ledger.Select(l => l.GetProperty("trigger").GetString()));
        Assert.All(ledger, l => Assert.Equal("永丰镇郭丰楼村联动工作队", l.GetProperty("actor").GetString()));
        Assert.True(ledger[0].GetProperty("at").GetDateTimeOffset() < clock.GetUtcNow().AddDays(-3));

        var fired = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{timer.GetProperty("id").GetGuid()}/retry", new { reason = "数据库已恢复，补发临期预警" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, fired.StatusCode);

        // The town's official gets it: the mailbox is the run's, so the message is told by its Message-ID (its outbox row's).
        Guid? owed = null;
        await UntilAsync(async () =>
        {
            await using var db = database.CreateContext();
            owed = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id && o.RecipientEmail == "township01@demo.gov.cn").Select(o => (Guid?)o.Id).SingleOrDefaultAsync(Ct);
            return owed is not null;
        }, "the timer fired again owes the town's official its warning");
        await UntilAsync(
            async () => (await Mailbox.ToAsync("township01@demo.gov.cn")).Any(m => m.MessageId.StartsWith($"{owed:N}@", StringComparison.Ordinal) && m.Subject.Contains("黄色预警", StringComparison.Ordinal)),
            "the warning reaches the town's official");
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/admin/instances?stuck=TimerFailing", Ct)).GetProperty("items").EnumerateArray());

        // run.sh starts the Host again and again: the demo's dispute is seeded once.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<DemoData>(scope.ServiceProvider).SeedAsync(Ct);
        }

        await using var seeded = database.CreateContext();
        Assert.Equal(1, await seeded.Set<Dispute>().CountAsync(d => d.Summary == StuckDisputeDemo.Summary, Ct));
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 30 s: {what}");
            await Task.Delay(500, Ct);
        }
    }
}
