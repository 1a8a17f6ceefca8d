using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Engine.Runtime;
using Governance.Notifications;
using Governance.Workflows.ServiceHall.ExtendedHours;
using Governance.Workflows.ServiceHall.HomeVisits;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: the console searches every instance, whoever's test made it.</summary>
public sealed class InstanceConsoleDatabase() : TestDatabase("api_console");

/// <summary>
/// 系统管理·实例 over HTTP on real PostgreSQL: each filter of the search, the search by ID number
/// (body only), an instance's page, and each mend (cancel, fire a failed timer again, resend an
/// email) ledgered, one transaction each, a repeated click refused.
/// </summary>
public sealed class InstanceConsoleApiTests(InstanceConsoleDatabase database) : IClassFixture<InstanceConsoleDatabase>, IAsyncLifetime
{
    private const string IdNumber = "412722194003051237";

    private static readonly CancellationToken Ct = CancellationToken.None;

    private GovernanceHost _host = null!;
    private TestHall _hall = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        _hall = await TestHall.CreateAsync(database);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    private int DeadLetterAttempts => _host.Services.GetRequiredService<OutboxQueries>().MaxAttempts;

    private Task<HttpClient> AdminAsync() => _host.SignInAsync(Roles.Admin, "");

    /// <summary>An extended-hours service (延时服务) at a window: a timer, a work item and an email to the lead.</summary>
    private async Task<Guid> ExtendedHoursAsync(int window = 0)
    {
        var staff = await _host.SignInAsync(Roles.WindowStaff, _hall.Windows[window].OrgUnit);
        var response = await staff.PostAsJsonAsync("/api/extended-hours", new
        {
            windowId = _hall.Windows[window].Id,
            matter = "商品房合同备案（20 份）",
            applicantKind = "company",
            applicantName = "周口某置业有限公司",
            applicantPhone = "13812345678",
            reason = "合同当日到期，须当日备案",
            expectedFinish = "2026-11-20T18:00:00+08:00",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A citizen's home visit (上门服务) with an ID number, kept as given on the instance.</summary>
    private async Task<Guid> HomeVisitAsync(string idNumber = IdNumber)
    {
        var citizen = await _host.SignInAsync(Roles.Citizen, "");
        var response = await citizen.PostAsJsonAsync("/api/home-visits", new
        {
            hallId = _hall.Hall.Id,
            windowId = _hall.Windows[0].Id,
            matter = "不动产登记",
            reasonKind = "elderly",
            applicantName = "王大爷",
            applicantPhone = "13812345678",
            idNumber,
            address = "项城市莲花街道 8 号院 3 单元 501",
            note = "卧床，无法到厅",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> IdsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private async Task SqlAsync(FormattableString sql)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync(sql, Ct);
    }

    /// <summary>The first email of instance <paramref name="id"/> (or the row <paramref name="outboxId"/>), once it is marked sent.</summary>
    private async Task<OutboxMessage> SentAsync(Guid id, Guid? outboxId = null)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var db = database.CreateContext();
            var sent = await db.Outbox.AsNoTracking()
                .Where(o => o.InstanceId == id && o.SentAt != null && (outboxId == null ? o.ResendOf == null : o.Id == outboxId))
                .FirstOrDefaultAsync(Ct);
            if (sent is not null)
            {
                return sent;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"The email of {id} was not sent.");
    }

    /// <summary>Makes the email a dead letter, as a long SMTP outage leaves it: unsent, out of attempts, its next try an hour off.</summary>
    private Task DeadLetterAsync(Guid outboxId) => SqlAsync(
        $"UPDATE wf.outbox SET sent_at = NULL, enqueued_at = NULL, claimed_until = NULL, attempts = {DeadLetterAttempts}, last_error = '454 TLS not available', next_attempt_at = now() + interval '1 hour' WHERE id = {outboxId}");

    [Fact]
    public async Task Each_filter_narrows_the_search_newest_first_and_bad_filters_are_a_Chinese_400_naming_each_field()
    {
        var admin = await AdminAsync();
        // A minute apart: the list is newest first.
        var first = await ExtendedHoursAsync(window: 0);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await ExtendedHoursAsync(window: 1);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var visit = await HomeVisitAsync();
        var mine = new[] { first, second, visit };
        async Task<List<Guid>> FindAsync(string query) => [.. (await IdsAsync(await admin.GetAsync($"/api/admin/instances?{query}", Ct))).Intersect(mine)];

        Assert.Equal([visit, second, first], await FindAsync(""));
        Assert.Equal([second, first], await FindAsync($"workflow={ExtendedHoursWorkflow.Name}&version=1&state={ExtendedHoursWorkflow.Registered}"));
        Assert.Equal([visit], await FindAsync($"workflow={HomeVisitWorkflow.Name}"));
        Assert.Equal([second], await FindAsync($"orgUnit={Uri.EscapeDataString(_hall.Windows[1].OrgUnit)}"));
        Assert.Empty(await FindAsync($"workflow={ExtendedHoursWorkflow.Name}&state={ExtendedHoursWorkflow.Served}"));

        // 超期 and 暂停计时: the instance's own deadline, its clock.
        await SqlAsync($"UPDATE wf.instances SET due_at = {Now.AddHours(-1)} WHERE id = {first}");
        await SqlAsync($"UPDATE wf.instances SET due_at = NULL, clock_paused_at = {Now.AddHours(-2)} WHERE id = {second}");
        Assert.Equal([first], await FindAsync("clock=Overdue"));
        Assert.Equal([second], await FindAsync("clock=paused"));

        // Stuck: a timer whose firing failed, an email become a dead letter, no move for N days.
        await SqlAsync($"UPDATE wf.timers SET failed_attempts = 3, outcome = 'error: InvalidOperationException', next_at = {Now.AddHours(1)} WHERE instance_id = {second} AND fired_at IS NULL AND cancelled_at IS NULL");
        await DeadLetterAsync((await SentAsync(first)).Id);
        await SqlAsync($"UPDATE wf.instances SET updated_at = {Now.AddDays(-10)} WHERE id = {visit}");
        Assert.Equal([second], await FindAsync("stuck=TimerFailing"));
        Assert.Equal([first], await FindAsync("stuck=DeadLetter"));
        Assert.Equal([visit], await FindAsync("idleDays=7"));
        Assert.Empty(await FindAsync("idleDays=11"));

        var rows = (await (await admin.GetAsync($"/api/admin/instances?workflow={ExtendedHoursWorkflow.Name}", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
        Assert.Equal(("延时服务", "延时办理中", true, 1), (rows[first].GetProperty("workflowName").GetString(), rows[first].GetProperty("stateName").GetString(), rows[first].GetProperty("overdue").GetBoolean(), rows[first].GetProperty("deadLetters").GetInt32()));
        Assert.True(rows[second].GetProperty("timerFailing").GetBoolean());

        var bad = await admin.GetAsync("/api/admin/instances?workflow=no-such&version=2&clock=late&stuck=x&idleDays=0&pageNo=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        Assert.Equal(["没有这个流程"], problem.Errors["workflow"]);
        Assert.Equal(["请先选择流程"], problem.Errors["version"]);
        Assert.Equal(["应为 超期 或 暂停计时"], problem.Errors["clock"]);
        Assert.Equal(["应为 定时器失败 或 邮件死信"], problem.Errors["stuck"]);
        Assert.Equal(["应为 1 到 3650 之间的天数"], problem.Errors["idleDays"]);
        Assert.Equal(["页码应为正整数"], problem.Errors["pageNo"]);
    }

    [Fact]
    public async Task A_person_is_found_by_the_hash_of_their_ID_number_sent_in_the_body_and_a_wrong_number_is_refused_without_being_repeated()
    {
        var admin = await AdminAsync();
        var visit = await HomeVisitAsync();
        var other = await HomeVisitAsync("11010519491231002X");

        Assert.Contains(visit, await IdsAsync(await admin.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = IdNumber }, Ct)));
        Assert.DoesNotContain(other, await IdsAsync(await admin.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = IdNumber }, Ct)));

        // The check character typed in lower case is the same person; other filters still apply.
        Assert.Equal([other], await IdsAsync(await admin.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = " 11010519491231002x ", workflow = HomeVisitWorkflow.Name }, Ct)));
        Assert.Empty(await IdsAsync(await admin.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = IdNumber, workflow = ExtendedHoursWorkflow.Name }, Ct)));

        var wrong = await admin.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = "412722194003051230" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var body = await wrong.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("412722194003051230", body, StringComparison.Ordinal);
        Assert.Equal(["身份证号应为 18 位且校验位正确"], JsonSerializer.Deserialize<ValidationProblemDetails>(body, JsonSerializerOptions.Web)!.Errors["idNumber"]);
    }

    [Fact]
    public async Task An_instances_page_shows_its_data_masked_its_ledger_timers_work_items_and_emails_with_their_Hangfire_job()
    {
        var admin = await AdminAsync();
        var visit = await HomeVisitAsync();
        var service = await ExtendedHoursAsync();
        await SentAsync(service);

        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{visit}", Ct);
        var data = detail.GetProperty("maskedData").GetString()!;
        Assert.Contains("138****5678", data, StringComparison.Ordinal);
        Assert.Contains("4127**********1237", data, StringComparison.Ordinal);
        Assert.Contains("王**", data, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", data, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, data, StringComparison.Ordinal);
        Assert.DoesNotContain("莲花街道", data, StringComparison.Ordinal);
        Assert.Contains(detail.GetProperty("ledger").EnumerateArray(), l => l.GetProperty("kind").GetString() == "Started");

        var served = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{service}", Ct);
        var timer = Assert.Single(served.GetProperty("timers").EnumerateArray());
        Assert.Equal(("到期", "待触发", false), (timer.GetProperty("next").GetString(), timer.GetProperty("status").GetString(), timer.GetProperty("retryable").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, timer.GetProperty("warnAt").ValueKind); // 延时服务 warns no one: its one row is its deadline's.
        var item = Assert.Single(served.GetProperty("workItems").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("closedAt").ValueKind);
        var email = Assert.Single(served.GetProperty("outbox").EnumerateArray());
        Assert.Equal(("sent", "已发送", true), (email.GetProperty("state").GetString(), email.GetProperty("stateName").GetString(), email.GetProperty("resendable").GetBoolean()));
        Assert.False(string.IsNullOrEmpty(email.GetProperty("jobId").GetString()));
        Assert.Contains("class Registered current", served.GetProperty("diagram").GetString(), StringComparison.Ordinal);
        Assert.True(served.GetProperty("cancellable").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/instances/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_cancel_closes_the_instance_in_its_state_with_its_work_items_and_timers_is_ledgered_and_nothing_moves_it_after()
    {
        var admin = await AdminAsync();
        var id = await ExtendedHoursAsync();
        var version = database.VersionOf(id);

        var noReason = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = " ", expectedVersion = version }, Ct);
        Assert.Equal(["必填"], (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors["reason"]);
        var noVersion = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = "重复登记" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);

        var cancelled = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = "重复登记，申请人已在另一窗口办结", expectedVersion = version }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(ExtendedHoursWorkflow.Registered, (await cancelled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());

        await using (var db = database.CreateContext())
        {
            var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
            Assert.Equal((ExtendedHoursWorkflow.Registered, version + 1, null), (instance.State, instance.Version, instance.DueAt));
            Assert.NotNull(instance.ClosedAt);
            Assert.True(await db.Timers.Where(t => t.InstanceId == id).AllAsync(t => t.CancelledAt != null, Ct));
            Assert.True(await db.WorkItems.Where(w => w.InstanceId == id).AllAsync(w => w.ClosedAt != null, Ct));
            var line = await db.Ledger.AsNoTracking().SingleAsync(l => l.InstanceId == id && l.Kind == LedgerKind.Cancelled, Ct);
            Assert.Equal(("重复登记，申请人已在另一窗口办结", Roles.Admin, version + 1), (line.Reason, line.ActorRole, line.Version));
        }

        // A second click, and any step after, are refused; the detail says 已撤销.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = "再点一次", expectedVersion = version }, Ct)).StatusCode);
        var again = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = "再点一次", expectedVersion = version + 1 }, Ct);
        Assert.Equal("该事项已撤销", (await again.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Detail);
        var staff = await _host.SignInAsync(Roles.WindowStaff, _hall.Windows[0].OrgUnit);
        var serve = await staff.PostAsJsonAsync($"/api/extended-hours/{id}/serve", new { note = "办结", expectedVersion = version + 1 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, serve.StatusCode);
        Assert.Equal("该事项已由管理员撤销，不能再办理", (await serve.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Detail);
        var row = (await IdsAsync(await admin.GetAsync($"/api/admin/instances?workflow={ExtendedHoursWorkflow.Name}", Ct))).Contains(id);
        Assert.True(row);
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{id}", Ct);
        Assert.True(detail.GetProperty("instance").GetProperty("cancelled").GetBoolean());
        Assert.Contains(detail.GetProperty("ledger").EnumerateArray(), l => l.GetProperty("step").GetString() == "管理员撤销");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/admin/instances/{Guid.NewGuid()}/cancel", new { reason = "无此事项", expectedVersion = 1 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_failing_timer_fires_again_on_the_administrators_order_once_and_the_pump_fires_it()
    {
        var admin = await AdminAsync();
        var id = await ExtendedHoursAsync();
        WorkflowTimer planned;
        await using (var db = database.CreateContext())
        {
            planned = await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == id, Ct);
        }

        var timerId = planned.Id;

        var healthy = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{timerId}/retry", new { reason = "试一下" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, healthy.StatusCode);
        Assert.Equal("该定时器未在失败重试中", (await healthy.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Title);

        await SqlAsync($"UPDATE wf.timers SET failed_attempts = 4, outcome = 'error: NpgsqlException', next_at = {Now.AddHours(1)} WHERE id = {timerId}");
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{id}", Ct);
        var line = Assert.Single(detail.GetProperty("timers").EnumerateArray());
        Assert.Equal(("到期触发失败 4 次，等待重试（error: NpgsqlException）", true), (line.GetProperty("status").GetString(), line.GetProperty("retryable").GetBoolean()));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{timerId}/retry", new { reason = "" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{timerId}/retry", new { reason = "数据库已恢复" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{timerId}/retry", new { reason = "再点一次" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/timers/{Guid.NewGuid()}/retry", new { reason = "无此定时器" }, Ct)).StatusCode);

        await using (var db = database.CreateContext())
        {
            var retried = await db.Ledger.AsNoTracking().SingleAsync(l => l.InstanceId == id && l.Kind == LedgerKind.TimerRetried, Ct);
            Assert.Equal("到期定时器已失败 4 次（error: NpgsqlException）：数据库已恢复", retried.Reason);

            // Its next try is now; its deadline is where it was.
            Assert.Equal(planned.DueAt, (await db.Timers.AsNoTracking().SingleAsync(t => t.Id == timerId, Ct)).DueAt);
        }

        // Due now by the domain clock: the pump (every second) fires it.
        for (var i = 0; i < 100; i++)
        {
            await using var db = database.CreateContext();
            if (await db.Timers.AsNoTracking().SingleAsync(t => t.Id == timerId, Ct) is { FiredAt: not null } fired)
            {
                Assert.Equal("fired", fired.Outcome);
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("The timer ordered again was not fired.");
    }

    [Fact]
    public async Task A_sent_email_gets_one_new_copy_with_a_new_Message_ID_and_a_dead_letter_is_tried_now_as_the_same_email()
    {
        var admin = await AdminAsync();
        var id = await ExtendedHoursAsync();
        var sent = await SentAsync(id);
        var before = (await Mailbox.ToAsync(_hall.LeadEmail)).Count;

        var copied = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/outbox/{sent.Id}/resend", new { reason = "值班领导称未收到" }, Ct);
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        var copy = await copied.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(copy.GetProperty("copied").GetBoolean());
        var copyId = copy.GetProperty("outboxId").GetGuid();
        var twice = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/outbox/{sent.Id}/resend", new { reason = "再点一次" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        var mails = await Mailbox.WaitForAsync(_hall.LeadEmail, before + 1);
        Assert.Contains(mails, m => m.MessageId == $"{copyId:N}@governance.local");
        await SentAsync(id, copyId);

        // A dead letter: the same row, due now, the same Message-ID.
        await DeadLetterAsync(copyId);
        var owed = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{id}", Ct);
        var dead = owed.GetProperty("outbox").EnumerateArray().Single(o => o.GetProperty("id").GetGuid() == copyId);
        Assert.Equal(("deadLetter", true, sent.Id), (dead.GetProperty("state").GetString(), dead.GetProperty("resendable").GetBoolean(), dead.GetProperty("resendOf").GetGuid()));
        var retried = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/outbox/{copyId}/resend", new { reason = "SMTP 已恢复" }, Ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False((await retried.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("copied").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/instances/{id}/outbox/{copyId}/resend", new { reason = "再点一次" }, Ct)).StatusCode);
        var again = await Mailbox.WaitForAsync(_hall.LeadEmail, before + 2);
        Assert.Equal(2, again.Count(m => m.MessageId == $"{copyId:N}@governance.local"));

        // An email still on its ordinary retries is the dispatcher's.
        await SqlAsync($"UPDATE wf.outbox SET sent_at = NULL, attempts = 1, next_attempt_at = now() + interval '1 hour' WHERE id = {sent.Id}");
        var ordinary = await admin.PostAsJsonAsync($"/api/admin/instances/{id}/outbox/{sent.Id}/resend", new { reason = "试一下" }, Ct);
        Assert.Equal("无需重发", (await ordinary.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Title);

        await using var db = database.CreateContext();
        var lines = await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id && l.Kind == LedgerKind.EmailResent).OrderBy(l => l.Id).Select(l => l.Reason).ToListAsync(Ct);
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("已发出的邮件另发一份（新的 Message-ID）：值班领导称未收到", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("死信立即重试（同一 Message-ID）：SMTP 已恢复", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_administrator_uses_the_console()
    {
        var lead = await _host.SignInAsync(Roles.HallLead, $"hall/{_hall.Hall.Id}");
        var id = await ExtendedHoursAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/admin/instances", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync($"/api/admin/instances/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync("/api/admin/instances/by-person", new { idNumber = IdNumber }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync($"/api/admin/instances/{id}/cancel", new { reason = "越权", expectedVersion = database.VersionOf(id) }, Ct)).StatusCode);
    }
}
