using System.Text.Json;
using Governance.Engine.Runtime;
using Governance.Notifications;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>What a definition declares and the engine carries out: emails per step, limits from configuration pinned at start, who starts.</summary>
public sealed class DeclarationTests(TestDatabase database)
{
    private const string LimitKey = "Tests:Declared:OpenWorkingDays";

    private static readonly Actor Staff = new("s1", "窗口人员", Roles.WindowStaff, "test/1");

    /// <summary>Open has a configured limit (2 working days by default); finishing owes an email, dropping none, renewing its own.</summary>
    private static readonly WorkflowDefinition Declared = WorkflowDefinition.Create("test-declared", 1, "测试声明", b =>
    {
        b.StartedBy(Roles.WindowStaff);
        b.State("Open", "办理中").Initial().Sla(SlaLimit.Configured(LimitKey, 2, LimitKind.WorkingDays), expiryTrigger: null);
        b.State("Done", "已办结").Final();
        b.Permit("Open", "finish", "Done", "办结", [Roles.WindowStaff]).Notify(new NotificationSpec("test.finished", TestDefinitions.Reviewer));
        b.Permit("Open", "drop", "Done", "撤销", [Roles.WindowStaff]);
        b.Permit("Open", "renew", "Open", "续办", [Roles.WindowStaff]).Notify(new NotificationSpec("test.renewed", TestDefinitions.Reviewer));
    });

    private const string ReviewKey = "Tests:Declared:ReviewWorkingDays";

    /// <summary>Version 2 adds a review step with a configured limit of its own, which a version-1 instance never pinned.</summary>
    private static readonly WorkflowDefinition DeclaredV2 = WorkflowDefinition.Create(Declared.Name, 2, "测试声明", b =>
    {
        b.StartedBy(Roles.WindowStaff);
        b.State("Open", "办理中").Initial().Sla(SlaLimit.Configured(LimitKey, 2, LimitKind.WorkingDays), expiryTrigger: null);
        b.State("Review", "复核中").Sla(SlaLimit.Configured(ReviewKey, 1, LimitKind.WorkingDays), expiryTrigger: null);
        b.State("Done", "已办结").Final();
        b.Permit("Open", "review", "Review", "提交复核", [Roles.WindowStaff]);
        b.Permit("Review", "finish", "Done", "办结", [Roles.WindowStaff]);
    });

    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();

    private WorkflowRuntime Runtime(RuntimeHarness h) => new(new EngineContexts(database.Factory), h.Registry, h.Calendar, h.Clock, _configuration);

    private static Task<WorkflowInstance> StartAsync(WorkflowRuntime runtime, Actor actor) =>
        runtime.InTransactionAsync((db, ct) => runtime.StartAsync(db, Declared.Name, $"test/1/{Guid.NewGuid():N}", "声明", new { }, actor, ct));

    private async Task<List<string>> OutboxAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(o => o.InstanceId == id).OrderBy(o => o.Id).Select(o => o.Template).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_step_declares_its_own_email_which_goes_out_on_that_step_only()
    {
        var h = new RuntimeHarness(database, extra: Declared);
        var runtime = Runtime(h);
        var renewed = await StartAsync(runtime, Staff);
        var dropped = await StartAsync(runtime, Staff);

        Assert.Empty(await OutboxAsync(renewed.Id));
        var renew = await runtime.FireAsync(new Stimulus(renewed.Id, "renew", Staff, 0));

        // A minute later: rows of one frozen instant have version-7 ids in no particular order.
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var finish = await runtime.FireAsync(new Stimulus(renewed.Id, "finish", Staff, 1));
        var drop = await runtime.FireAsync(new Stimulus(dropped.Id, "drop", Staff, 0));

        Assert.True(renew.Applied && finish.Applied && drop.Applied);
        Assert.Equal(["test.renewed", "test.finished"], await OutboxAsync(renewed.Id));
        Assert.Empty(await OutboxAsync(dropped.Id));
    }

    [Fact]
    public async Task A_limit_changed_in_configuration_moves_new_instances_only()
    {
        var h = new RuntimeHarness(database, extra: Declared);
        var runtime = Runtime(h);
        var byDefault = await StartAsync(runtime, Staff);
        _configuration[LimitKey] = "3";
        var running = await StartAsync(runtime, Staff);
        Assert.Equal(h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 2), byDefault.DueAt);
        Assert.Equal(h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 3), running.DueAt);

        // Configuration changes while it runs; re-entering the state counts with the pinned 3 days still.
        _configuration[LimitKey] = "5";
        var started = await StartAsync(runtime, Staff);
        var renewed = await runtime.FireAsync(new Stimulus(running.Id, "renew", Staff, 0));

        Assert.Equal(h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 3), renewed.Instance!.DueAt);
        Assert.Equal(h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 5), started.DueAt);
        await using var db = database.CreateContext();
        var stored = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == running.Id, TestContext.Current.CancellationToken);
        Assert.Equal(3, JsonSerializer.Deserialize<Dictionary<string, double>>(stored.Limits)![LimitKey]);

        _configuration[LimitKey] = "三天";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(runtime, Staff));
        Assert.Contains(LimitKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_moved_to_a_version_with_a_new_limit_keeps_its_own_and_pins_the_new_one_as_configured_then()
    {
        _configuration[LimitKey] = "3";
        var started = await StartAsync(Runtime(new RuntimeHarness(database, extra: Declared)), Staff);
        _configuration[LimitKey] = "5";
        _configuration[ReviewKey] = "4";
        var h = new RuntimeHarness(database, null, Declared, DeclaredV2);
        var runtime = Runtime(h);

        var migrated = await new MigrateInstances(runtime).RunAsync(
            new MigrationPlan(Declared.Name, 1, 2, new Dictionary<string, string> { ["Open"] = "Open" }, "增加复核"), Actor.System, TestContext.Current.CancellationToken);
        var reviewed = await runtime.FireAsync(new Stimulus(started.Id, "review", Staff, started.Version + 1));

        Assert.True(migrated!.Moved >= 1);
        Assert.True(reviewed.Applied);
        Assert.Equal(h.Calendar.AddWorkingDays(RuntimeHarness.FridayMorning, 4), reviewed.Instance!.DueAt);
        await using var db = database.CreateContext();
        var stored = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == started.Id, TestContext.Current.CancellationToken);
        Assert.Equal(new Dictionary<string, double> { [LimitKey] = 3, [ReviewKey] = 4 }, JsonSerializer.Deserialize<Dictionary<string, double>>(stored.Limits));
    }

    [Fact]
    public async Task Only_the_roles_a_definition_is_started_by_may_start_it_and_a_refusal_stores_nothing()
    {
        var h = new RuntimeHarness(database, extra: Declared);
        var runtime = Runtime(h);
        var lead = new Actor("l1", "值班领导", Roles.HallLead, "test/1");
        await using var before = database.CreateContext();
        var count = await before.Instances.CountAsync(i => i.DefinitionName == Declared.Name, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => StartAsync(runtime, lead));
        Assert.Equal("中心值班领导不能发起“测试声明”", refused.Message);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(count, await db.Instances.CountAsync(i => i.DefinitionName == Declared.Name, TestContext.Current.CancellationToken));
        }

        Assert.Equal("Open", (await StartAsync(runtime, Staff)).State);
        Assert.Equal("Open", (await StartAsync(runtime, Actor.System)).State);
    }

    [Fact]
    public void Every_template_key_in_use_must_exist_or_the_host_does_not_start()
    {
        var services = new ServiceCollection()
            .AddWorkflows(new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Governance", database.ConnectionString)]).Build())
            .AddNotifications(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var templates = provider.GetRequiredService<EmailTemplates>();
        var direct = provider.GetServices<OutboxTemplate>().ToList();

        // The real registry and the code that writes the outbox itself name only templates that exist.
        ActivatorUtilities.CreateInstance<TemplateCheck>(provider).Verify();
        Assert.Contains(direct, t => t.Template == "appointment.reminder");

        var registry = new WorkflowRegistry([.. provider.GetRequiredService<WorkflowRegistry>().All, Declared], Roles.Catalogue);
        var unknown = Assert.Throws<InvalidOperationException>(() => new TemplateCheck(registry, [.. direct, new OutboxTemplate("test.typo", "测试")], templates).Verify());
        Assert.Contains("'test.finished' (used by test-declared v1)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'test.renewed' (used by test-declared v1)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'test.typo' (used by 测试)", unknown.Message, StringComparison.Ordinal);
    }
}
