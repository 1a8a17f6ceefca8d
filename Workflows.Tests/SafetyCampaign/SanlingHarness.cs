using System.Globalization;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>A database of its own for the ladder tests: they move the clock and pump timers.</summary>
public sealed class SanlingDatabase() : TestDatabase("sanling");

/// <summary>
/// A township of a test's own: one official with a unique address, a village with its linkage
/// roster and a second village, and a department holding authority over every category.
/// </summary>
public sealed record TestTownship(Township Township, TownshipOfficial Official, Place Village, Department Department)
{
    public string OfficialEmail => Official.Email;

    public static async Task<TestTownship> CreateAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var tag = Guid.NewGuid().ToString("N")[..10];
        await using var db = database.CreateContext();
        var city = new City($"c-{tag}", $"测试市{tag}");
        var township = new Township($"t-{tag}", $"测试镇{tag}", TownshipKind.Town);
        var official = new TownshipOfficial("综治中心主任", "党委副书记、政法委员", $"official-{tag}@test.gov.cn");
        township.Officials.Add(official);
        var village = new Place($"v-{tag}", "郭丰楼村", PlaceKind.Village);
        village.Roster.AddRange([
            new RosterMember(RosterRole.PoliceOfficer, "社区民警", "赵警官"),
            new RosterMember(RosterRole.Mediator, "调解员", "钱调解"),
            new RosterMember(RosterRole.MilitiaCompany, "民兵连长", "孙连长"),
            new RosterMember(RosterRole.FirstSecretary, "驻村第一书记", "李书记"),
        ]);
        var other = new Place($"w-{tag}", "大新村", PlaceKind.Village);
        township.Places.AddRange([village, other]);
        city.Townships.Add(township);
        var department = new Department($"d-{tag}", $"测试市直部门{tag}");
        department.Authorities.AddRange(Enum.GetValues<MatterCategory>().Select(c => new DepartmentAuthority(c)));
        city.Departments.Add(department);
        db.Add(city);
        await db.SaveChangesAsync();
        return new TestTownship(township, official, village, department);
    }

    public string Scope => Township.OrgUnitOf(Township.Id);

    public Actor VillageTeam => new($"village-{Village.Id}", "郭丰楼村联动工作队", Roles.VillageTeam, Place.OrgUnitOf(Township.Id, Village.Id));

    public Actor OfficialActor => new($"official-{Township.Id}", "综治中心主任", Roles.TownshipOfficial, Scope);

    public Actor DepartmentActor => new($"department-{Department.Id}", Department.Name, Roles.Department, Department.OrgUnitOf(Department.Id));

    public static Actor Proxy { get; } = new("proxy", "代办员", Roles.ProxyHandler);

    public static Actor Admin { get; } = new("admin", "管理员", Roles.Admin);
}

/// <summary>The runtime with the dispute use cases wired by hand over a test database, with a frozen clock.</summary>
public sealed class SanlingHarness
{
    public const string Phone = "13812345678";
    public const string IdNumber = "412722194003051237";

    /// <summary>Monday 9 November 2026, 10:00 in China: far enough from the year's end for a department's 30 working days.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 9, 10, 0, 0, TimeSpan.FromHours(8));

    public SanlingHarness(TestDatabase database, DateTimeOffset? start = null, DisputeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Clock = new FakeTimeProvider((start ?? MondayMorning).ToUniversalTime());
        Calendar = new WorkingCalendar(HolidayData.LoadEmbedded());
        var limits = Options.Create(options ?? new DisputeOptions());

        // The levels' limits are read by the engine from configuration, under the options' own keys.
        var o = limits.Value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new (string Option, double Days)[]
            {
                (nameof(o.VillageWorkingDays), o.VillageWorkingDays), (nameof(o.TownshipWorkingDays), o.TownshipWorkingDays),
                (nameof(o.DepartmentWorkingDays), o.DepartmentWorkingDays), (nameof(o.FollowUpWorkingDays), o.FollowUpWorkingDays),
            }.Select(l => new KeyValuePair<string, string?>($"{DisputeOptions.Section}:{l.Option}", l.Days.ToString(CultureInfo.InvariantCulture)))).Build();
        var registry = new WorkflowRegistry([DisputeWorkflow.Definition, JointHandlingWorkflow.Definition], Roles.Catalogue);
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), registry, Calendar, Clock, configuration);
        Pump = new TimerPump(new EngineContexts(database.Factory), Runtime, NullLogger<TimerPump>.Instance);
        Register = new RegisterDisputeHandler(Runtime, limits);
        Escalate = new EscalateDisputeHandler(Runtime);
        Deliver = new DeliverDisputeHandler(Runtime);
        Refer = new ReferDisputeHandler(Runtime);
        Extend = new ExtendDisputeHandler(Runtime, limits);
        Resolve = new ResolveDisputeHandler(Runtime);
        FollowUp = new FollowUpDisputeHandler(Runtime);
        ReferJoint = new ReferJointHandler(Runtime, limits);
        FinishPart = new FinishJointPartHandler(Runtime);
        Joint = new JointHandlingQueries(database.Factory, new ChildInstanceQueries(new EngineContexts(database.Factory), registry, Clock));
        Queries = new DisputeQueries(database.Factory, registry, Clock);
        Alerts = new DisputeAlerts(database.Factory);
        Export = new DisputeLedgerExport(database.Factory);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public WorkingCalendar Calendar { get; }

    public WorkflowRuntime Runtime { get; }

    public TimerPump Pump { get; }

    public RegisterDisputeHandler Register { get; }

    public EscalateDisputeHandler Escalate { get; }

    public DeliverDisputeHandler Deliver { get; }

    public ReferDisputeHandler Refer { get; }

    public ExtendDisputeHandler Extend { get; }

    public ResolveDisputeHandler Resolve { get; }

    public FollowUpDisputeHandler FollowUp { get; }

    public ReferJointHandler ReferJoint { get; }

    public FinishJointPartHandler FinishPart { get; }

    public JointHandlingQueries Joint { get; }

    public DisputeQueries Queries { get; }

    public DisputeAlerts Alerts { get; }

    public DisputeLedgerExport Export { get; }

    /// <summary>An instant on China's wall clock.</summary>
    public static DateTimeOffset Cst(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>A valid walk-in neighbourhood dispute at the test village, its applicant with an email.</summary>
    public static RegisterDispute Valid(TestTownship t, DisputeSource source = DisputeSource.WalkIn, MatterCategory category = MatterCategory.Neighbourhood, DisputeKind kind = DisputeKind.Dispute, string? email = "applicant") => new(
        kind, category, source, t.Village.Id, "宅前排水沟堵塞，两户因排水发生争执",
        [
            new DisputePartyInput("王大爷", Phone, IdNumber, email is null ? null : $"{email}-{t.Township.Code}@test.gov.cn"),
            new DisputePartyInput("李大娘", "13912345678", null, null),
        ]);

    public Task<WorkflowInstance> RegisterAsync(TestTownship t, Actor? by = null, DisputeSource source = DisputeSource.WalkIn, MatterCategory category = MatterCategory.Neighbourhood, DisputeKind kind = DisputeKind.Dispute, string? email = "applicant") =>
        Register.HandleAsync(Valid(t, source, category, kind, email), by ?? t.VillageTeam, CancellationToken.None);

    /// <summary>Moves the clock to <paramref name="at"/> and runs the pump until nothing due is left.</summary>
    public async Task AtAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at.ToUniversalTime());
        while (await Pump.FireDueAsync(500, CancellationToken.None) > 0)
        {
        }
    }

    public async Task<Dispute> RowAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Set<Dispute>().AsNoTracking().SingleAsync(d => d.Id == id);
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    /// <summary>The ledger's triggers, oldest first.</summary>
    public async Task<List<string>> TriggersAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id).OrderBy(l => l.Id).Select(l => l.Trigger).ToListAsync();
    }

    /// <summary>
    /// The emails an instance owes, oldest first: template and recipient. Emails of one
    /// transaction share their time (a red alert and the escalation it causes): those come in
    /// template order, as their ids (version-7 GUIDs of one millisecond) do not order them.
    /// </summary>
    public async Task<List<(string Template, string To)>> OutboxAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).OrderBy(o => o.CreatedAt).ThenBy(o => o.Template).ToListAsync();
        return [.. rows.Select(o => (o.Template, o.RecipientEmail))];
    }

    /// <summary>The queues of the instance's open work items.</summary>
    public async Task<List<string>> OpenQueuesAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.WorkItems.AsNoTracking().Where(w => w.InstanceId == id && w.ClosedAt == null).Select(w => w.Queue).ToListAsync();
    }
}
