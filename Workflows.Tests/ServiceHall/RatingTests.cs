using Governance.Engine;
using Governance.Notifications.Templates;
using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.Tests.ServiceHall;

/// <summary>好差评: invitations and ratings on real PostgreSQL, without moving the clock past any limit.</summary>
public sealed class RatingTests(TestDatabase database)
{
    private readonly RatingHarness _h = new(database);

    [Fact]
    public async Task An_invitation_joins_the_callers_transaction_keeps_only_the_tokens_hash_and_emails_the_link()
    {
        var hall = await TestHall.CreateAsync(database);
        var item = await RatingHarness.ItemAsync(database, hall);
        var served = _h.Served(hall, item);

        var issued = await _h.InviteAsync(served);

        var token = RatingHarness.TokenOf(issued!.Link);
        Assert.Equal($"http://127.0.0.1:5080/rate/{token}", issued.Link);
        Assert.True(ServiceRating.IsWellFormed(token));
        Assert.Equal(RatingHarness.Cst(10, 5, 9, 40), issued.ExpiresAt); // 7 calendar days, holidays or not
        var instance = await _h.InstanceAsync(issued.Id);
        Assert.Equal((RatingInvitationWorkflow.Invited, hall.Windows[0].OrgUnit, issued.ExpiresAt), (instance.State, instance.OrgUnit, instance.DueAt));
        Assert.DoesNotContain(token, instance.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(served.CitizenEmail!, instance.Data, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        var row = await db.Set<ServiceRating>().AsNoTracking().SingleAsync(r => r.Id == issued.Id);
        Assert.Equal((ServiceRating.HashToken(token), served.ServiceId, served.CitizenEmail), (row.TokenHash, row.ServiceId, row.CitizenEmail));
        Assert.NotEqual(token, row.TokenHash);
        var email = await db.Outbox.AsNoTracking().SingleAsync(o => o.InstanceId == issued.Id);
        Assert.Equal(("rating.invitation", served.CitizenEmail, "张三"), (email.Template, email.RecipientEmail, email.RecipientName));
        var rendered = RatingSlaTests.Templates.Get(email.Template).Render(TemplateModel.Parse(email.Model), email.RecipientName);
        Assert.Equal($"【好差评】请为您在{hall.Hall.Name}办理的契税评价", rendered.Subject);
        Assert.Contains($"评价链接：{issued.Link}", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("链接有效期至：2026-10-05 09:40", rendered.Text, StringComparison.Ordinal);

        // The queue completing the same ticket again changes nothing.
        Assert.Null(await _h.InviteAsync(served));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.InstanceId == issued.Id));
    }

    [Fact]
    public async Task No_email_no_invitation()
    {
        var hall = await TestHall.CreateAsync(database);
        var item = await RatingHarness.ItemAsync(database, hall);

        Assert.Null(await _h.InviteAsync(_h.Served(hall, item, email: null)));
        Assert.Null(await _h.InviteAsync(_h.Served(hall, item, email: "  ")));

        await using var db = database.CreateContext();
        Assert.False(await db.Set<ServiceRating>().AnyAsync(r => r.HallId == hall.Hall.Id));
    }

    [Theory]
    [InlineData(RatingLevel.VerySatisfied, "非常满意", false)]
    [InlineData(RatingLevel.Satisfied, "满意", false)]
    [InlineData(RatingLevel.BasicallySatisfied, "基本满意", false)]
    [InlineData(RatingLevel.Dissatisfied, "不满意", true)]
    [InlineData(RatingLevel.VeryDissatisfied, "非常不满意", true)]
    public async Task Each_level_is_stored_and_only_a_bad_one_opens_a_rectification(RatingLevel level, string name, bool bad)
    {
        var hall = await TestHall.CreateAsync(database);
        var (id, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));

        var receipt = await _h.Rate.HandleAsync(new RateService(token, level, "  窗口人员解释清楚  "), CancellationToken.None);

        Assert.Equal(new RatingReceipt(level, name, bad), receipt);
        await using var db = database.CreateContext();
        var row = await db.Set<ServiceRating>().AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal((level, "窗口人员解释清楚", _h.Clock.GetUtcNow()), (row.Level, row.Comment, row.RatedAt));
        var instance = await _h.InstanceAsync(id);
        Assert.Equal((RatingInvitationWorkflow.Rated, level), (instance.State, instance.GetData<RatingData>().Level));
        Assert.Equal(bad, row.RectificationId is not null);
        if (row.RectificationId is { } rectification)
        {
            var opened = await _h.InstanceAsync(rectification);
            Assert.Equal((RectificationWorkflow.CallingBack, $"hall/{hall.Hall.Id}"), (opened.State, opened.OrgUnit));
            Assert.Equal([("rating.rectification-opened", hall.LeadEmail)], await _h.OutboxAsync(rectification));
        }

        var page = await _h.Queries.PageAsync(token, CancellationToken.None);
        Assert.Equal((RatingInvitationWorkflow.Rated, "已评价", name), (page!.State, page.StateName, page.LevelName));
    }

    [Fact]
    public async Task A_second_rating_is_refused_and_the_first_stands()
    {
        var hall = await TestHall.CreateAsync(database);
        var (id, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));
        await _h.RateAsync(token, RatingLevel.Satisfied);

        var second = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.RateAsync(token, RatingLevel.VeryDissatisfied));

        Assert.Equal(TransitionOutcome.NotPermitted, second.Result.Outcome);
        await using var db = database.CreateContext();
        var row = await db.Set<ServiceRating>().AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal((RatingLevel.Satisfied, (Guid?)null), (row.Level, row.RectificationId));
    }

    [Theory]
    [InlineData("level")]
    [InlineData("level:unknown")]
    [InlineData("comment")]
    public async Task Bad_input_names_the_field_and_stores_nothing(string field)
    {
        var hall = await TestHall.CreateAsync(database);
        var (id, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));
        var bad = field switch
        {
            "level" => new RateService(token, null, null),
            "level:unknown" => new RateService(token, (RatingLevel)42, null),
            _ => new RateService(token, RatingLevel.Satisfied, new string('慢', 501)),
        };

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => _h.Rate.HandleAsync(bad, CancellationToken.None));

        Assert.Equal([field.Split(':')[0]], error.Errors.Keys);
        Assert.Equal((RatingInvitationWorkflow.Invited, 0), ((await _h.InstanceAsync(id)).State, (await _h.InstanceAsync(id)).Version));
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2")]
    public async Task An_unknown_or_malformed_token_is_not_found(string token)
    {
        var refused = await Assert.ThrowsAsync<TransitionRefusedException>(() => _h.Rate.HandleAsync(new RateService(token, RatingLevel.Satisfied, null), CancellationToken.None));

        Assert.Equal(TransitionOutcome.NotFound, refused.Result.Outcome);
        Assert.Null(await _h.Queries.PageAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task Staff_invite_within_their_window_only_once_per_matter_and_with_valid_fields()
    {
        var hall = await TestHall.CreateAsync(database);
        var other = await TestHall.CreateAsync(database);
        var item = await RatingHarness.ItemAsync(database, hall);
        var otherItem = await RatingHarness.ItemAsync(database, other);
        var staff = RuntimeHarness.Staff(hall);
        var serviceId = Guid.NewGuid();
        var command = new InviteRating(serviceId, hall.Windows[0].Id, item, "李四", $"lisi-{hall.Hall.Code}@test.gov.cn", null);
        var ct = CancellationToken.None;

        var issued = await _h.Invite.HandleAsync(command, staff, ct);
        Assert.Equal(serviceId, issued.ServiceId);
        await using (var db = database.CreateContext())
        {
            var row = await db.Set<ServiceRating>().AsNoTracking().SingleAsync(r => r.Id == issued.Id);
            Assert.Equal((staff.Id, _h.Clock.GetUtcNow()), (row.StaffId, row.ServedAt));
            Assert.Equal(staff.Id, (await db.Ledger.AsNoTracking().SingleAsync(l => l.InstanceId == issued.Id)).ActorId);
        }

        Assert.Equal("已发送过评价邀请", (await Assert.ThrowsAsync<RuleViolationException>(() => _h.Invite.HandleAsync(command, staff, ct))).Title);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Invite.HandleAsync(command with { ServiceId = null }, RuntimeHarness.Staff(hall, window: 1), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Invite.HandleAsync(command with { ServiceId = null }, RuntimeHarness.Lead(other), ct));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Invite.HandleAsync(command with { ServiceId = null }, new Actor("c", "群众", Roles.Citizen), ct));

        async Task ExpectAsync(string field, InviteRating bad) =>
            Assert.Equal([field], (await Assert.ThrowsAsync<RequestValidationException>(() => _h.Invite.HandleAsync(bad, RuntimeHarness.Lead(hall), ct))).Errors.Keys);
        await ExpectAsync("citizenEmail", command with { ServiceId = null, CitizenEmail = "张三 <a@b.cn>" });
        await ExpectAsync("citizenEmail", command with { ServiceId = null, CitizenEmail = null });
        await ExpectAsync("itemId", command with { ServiceId = null, ItemId = otherItem });
        await ExpectAsync("windowId", command with { ServiceId = null, WindowId = int.MaxValue });
        await ExpectAsync("servedAt", command with { ServiceId = null, ServedAt = _h.Clock.GetUtcNow().AddMinutes(1) });
        await ExpectAsync("citizenName", command with { ServiceId = null, CitizenName = new string('张', 51) });
        await using var after = database.CreateContext();
        Assert.Equal(1, await after.Set<ServiceRating>().CountAsync(r => r.HallId == hall.Hall.Id));
    }

    [Fact]
    public async Task The_rating_page_shows_the_service_and_nothing_personal()
    {
        var hall = await TestHall.CreateAsync(database);
        var (_, token) = await _h.InvitedAsync(hall, await RatingHarness.ItemAsync(database, hall));

        var page = await _h.Queries.PageAsync(token, CancellationToken.None);

        Assert.Equal((hall.Hall.Name, "A01 商品房合同备案", "契税", new DateOnly(2026, 9, 28)), (page!.Hall, page.Window, page.Item, page.ServedOn));
        Assert.Equal((RatingInvitationWorkflow.Invited, "待评价", (RatingLevel?)null), (page.State, page.StateName, page.Level));
        Assert.Equal(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], page.Levels.Select(l => l.Name));
        var json = System.Text.Json.JsonSerializer.Serialize(page);
        Assert.DoesNotContain("张三", json, StringComparison.Ordinal);
        Assert.DoesNotContain(RatingHarness.CitizenEmail(hall), json, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_ratings_registers_the_definitions_handlers_and_validated_options()
    {
        static ServiceProvider Build(string key, string value)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new($"Ratings:{key}", value)]).Build();
            return new ServiceCollection().AddRatings(configuration).BuildServiceProvider();
        }

        using (var configured = Build("PublicBaseUrl", "https://zwfw.example.gov.cn/"))
        {
            var registry = new WorkflowRegistry(configured.GetServices<WorkflowDefinition>(), Roles.Catalogue);
            Assert.Same(RatingInvitationWorkflow.Definition, registry.FindLatest(RatingInvitationWorkflow.Name));
            Assert.Same(RectificationWorkflow.Definition, registry.FindLatest(RectificationWorkflow.Name));
            var options = configured.GetRequiredService<IOptions<RatingOptions>>().Value;
            Assert.Equal(("https://zwfw.example.gov.cn/", 7d, 15d, 7d, 5d), (options.PublicBaseUrl, options.InvitationValidDays, options.RectificationWorkingDays, options.AppealDays, options.ReviewWorkingDays));
        }

        using var broken = Build("RectificationWorkingDays", "0");
        Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<RatingOptions>>().Value);
        using var notAnAddress = Build("PublicBaseUrl", "zwfw.example.gov.cn");
        Assert.Throws<OptionsValidationException>(() => notAnAddress.GetRequiredService<IOptions<RatingOptions>>().Value);
    }

    [Fact]
    public void Every_email_the_definitions_owe_has_a_template_and_the_diagram_shows_the_limits()
    {
        var keys = RectificationWorkflow.Definition.States.Values
            .SelectMany(s => s.OnEnter.Concat(s.Sla?.WarningNotifications ?? []).Concat(s.Sla?.ExpiryNotifications ?? []))
            .Select(n => n.Template).Append(RatingInvitations.Template).ToHashSet();

        Assert.Equal(7, keys.Count);
        Assert.All(keys, k => Assert.Equal(k, RatingSlaTests.Templates.Get(k).Key));
        var mermaid = RectificationWorkflow.Definition.Mermaid(Roles.Catalogue);
        Assert.Contains("note right of CallingBack : 时限 自差评起 15 个工作日内反馈（默认，可配置），80% 预警，超期提醒", mermaid, StringComparison.Ordinal);
        Assert.Contains("Reported --> Reviewing : 申诉 · 群众", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Invited : 时限 评价链接 7 个自然日内有效（默认，可配置）", RatingInvitationWorkflow.Definition.Mermaid(Roles.Catalogue), StringComparison.Ordinal);
    }
}
