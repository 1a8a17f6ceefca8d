using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.ServiceHall;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Notifications;

/// <summary>A database of its own: these in-process Hosts' timer pumps run all the time.</summary>
public sealed class EmailContentDatabase() : TestDatabase("emails");

/// <summary>
/// Emails say what happened and their links are links, as they arrive at the real SMTP server
/// (maildev): a reschedule is titled 改约, not 预约成功; every web address of an HTML email is an
/// &lt;a href&gt;; the report-back and review emails carry the rating link the citizen follows and appeals with.
/// </summary>
public sealed partial class EmailContentTests(EmailContentDatabase database) : IClassFixture<EmailContentDatabase>, IAsyncLifetime
{
    private GovernanceHost _host = null!;
    private TestHall _hall = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        _hall = await TestHall.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reschedule_email_says_改约_with_the_new_time_and_a_cancellation_says_取消()
    {
        var (item, slots) = await SessionAsync();
        var client = _host.CreateClient();
        var email = $"reschedule-{Guid.NewGuid():N}@test.gov.cn";
        var booked = await client.PostAsJsonAsync("/api/appointments", new BookAppointment(item, slots[0], "改约人", TestPeople.Phone(9301), TestPeople.IdNumber(9301), email), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var reference = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("reference").GetString()!;
        Assert.Single(await Mailbox.WaitForAsync(email));

        var moved = await client.PostAsJsonAsync($"/api/appointments/{reference}/reschedule", new { phone = TestPeople.Phone(9301), newSlotId = slots[1] }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await Mailbox.WaitForAsync(email, 2);
        var cancelled = await client.PostAsJsonAsync($"/api/appointments/{reference}/cancel", new { phone = TestPeople.Phone(9301), reason = "有事" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var mails = await Mailbox.WaitForAsync(email, 3);

        Assert.Equal(
            ["【改约成功】契税 2026-11-22 09:30", "【预约已取消】契税 2026-11-22 09:30", "【预约成功】契税 2026-11-22 09:00"],
            mails.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var rescheduled = mails.Single(m => m.Subject.StartsWith("【改约成功】", StringComparison.Ordinal));
        Assert.Contains("您的预约已改至以下新时段", rescheduled.Text, StringComparison.Ordinal);
        Assert.Contains("时段：2026-11-22 09:30 至 10:00", rescheduled.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("您的预约已确认", rescheduled.Text, StringComparison.Ordinal);
        Assert.All(mails, AssertLinksAreLinks);
    }

    [Fact]
    public async Task The_rating_invitation_report_back_and_review_emails_carry_the_rating_link_as_a_link()
    {
        var itemId = await RatingHarness.ItemAsync(database, _hall);
        var citizen = $"rated-{Guid.NewGuid():N}@test.gov.cn";
        var staff = await _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);
        var invited = await staff.PostAsJsonAsync("/api/ratings/invitations", new { windowId = _hall.Windows[0].Id, itemId, citizenName = "张三", citizenEmail = citizen }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = Assert.Single(await Mailbox.WaitForAsync(citizen));
        var token = RatingHarness.TokenOf(invitation.Text!);
        var link = $"http://127.0.0.1:5080/rate/{token}";
        var anonymous = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync($"/api/ratings/{token}", new { level = "dissatisfied", comment = "等候太久" }, Ct)).StatusCode);

        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");
        var queue = await lead.GetFromJsonAsync<JsonElement>($"/api/work-queues?queue=hall%2F{_hall.Hall.Id}", Ct);
        var id = queue.EnumerateArray().Single().GetProperty("instanceId").GetGuid();
        var version = (await lead.GetFromJsonAsync<JsonElement>($"/api/ratings/rectifications/{id}", Ct)).GetProperty("version").GetInt32();
        foreach (var (step, note) in new[] { ("call-back", "已电话回访"), ("verify", "情况属实"), ("rectify", "增开窗口"), ("report-back", "已增开窗口") })
        {
            Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/{step}", new { note, expectedVersion = version++ }, Ct)).StatusCode);
        }

        await Mailbox.WaitForAsync(citizen, 2);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync($"/api/ratings/{token}/appeal", new { reason = "仍需久等" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/ratings/rectifications/{id}/review", new { note = "已复核，增派人手", expectedVersion = version + 1 }, Ct)).StatusCode);
        var mails = await Mailbox.WaitForAsync(citizen, 3);

        foreach (var subject in new[] { "【好差评】请为您", "【好差评】您的评价整改结果反馈", "【好差评】您的申诉复核结果" })
        {
            var mail = mails.Single(m => m.Subject.StartsWith(subject, StringComparison.Ordinal));
            Assert.Contains($"评价链接：{link}", mail.Text, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{link}\">{link}</a>", mail.Html, StringComparison.Ordinal);
            AssertLinksAreLinks(mail);
        }

        Assert.Contains("打开下方评价链接提出申诉", mails.Single(m => m.Subject.Contains("整改结果反馈", StringComparison.Ordinal)).Text, StringComparison.Ordinal);
    }

    /// <summary>Every web address the text shows is a link in the HTML, and the HTML shows none as bare text.</summary>
    private static void AssertLinksAreLinks(MailMessage mail)
    {
        foreach (var url in Url().Matches(mail.Text ?? "").Select(m => m.Value))
        {
            Assert.Contains($"href=\"{url}\"", mail.Html, StringComparison.Ordinal);
        }

        var withoutLinks = Anchor().Replace(mail.Html ?? "", "");
        Assert.DoesNotMatch(Url(), withoutLinks);
    }

    private async Task<(int Item, int[] Slots)> SessionAsync()
    {
        await using var db = database.CreateContext();
        var item = new ServiceItem(_hall.Hall.Id, "QS", "契税");
        db.Add(item);
        await db.SaveChangesAsync(Ct);
        var session = new AppointmentSession(_hall.Hall, item.Id, "周日契税专场", new DateOnly(2026, 11, 22), new TimeOnly(9, 0), new TimeOnly(10, 0), TimeSpan.FromMinutes(30), 1, isWorkingDay: false);
        db.Add(session);
        await db.SaveChangesAsync(Ct);
        return (item.Id, [.. session.Slots.OrderBy(s => s.StartsAt).Select(s => s.Id)]);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"<a href=""[^""]*"">[^<]*</a>")]
    private static partial Regex Anchor();
}
