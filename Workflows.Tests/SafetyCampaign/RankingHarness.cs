using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.SafetyCampaign.Ranking;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.SafetyCampaign;

/// <summary>A database of its own: the ranking ranks every city in its database.</summary>
public sealed class RankingDatabase() : TestDatabase("ranking");

/// <summary>
/// A city of a test's own, so that its ranking is its own: townships 甲镇, 乙镇… with the given
/// numbers of villages, each township with one official at a unique address.
/// </summary>
public sealed record TestCity(City City, IReadOnlyList<Township> Townships)
{
    private static readonly string[] Stems = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"];

    public static async Task<TestCity> CreateAsync(TestDatabase database, params int[] placesPerTownship)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(placesPerTownship);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var city = new City($"c-{tag}", $"测试市{tag[..4]}");
        for (var t = 0; t < placesPerTownship.Length; t++)
        {
            var township = new Township($"{tag}-t{t}", $"{Stems[t]}镇{tag[..4]}", TownshipKind.Town);
            township.Officials.Add(new TownshipOfficial($"{Stems[t]}镇书记", "党委副书记、政法委员", $"official-{tag}-{t}@test.gov.cn"));
            township.Places.AddRange(Enumerable.Range(0, placesPerTownship[t]).Select(p => new Place($"{tag}-t{t}-p{p}", $"{Stems[t]}{p + 1}村", PlaceKind.Village)));
            city.Townships.Add(township);
        }

        await using var db = database.CreateContext();
        db.Add(city);
        await db.SaveChangesAsync();
        return new TestCity(city, city.Townships);
    }

    public Place Place(int township, int place) => Townships[township].Places[place];

    public string OfficialEmail(int township) => Townships[township].Officials[0].Email;

    public Actor Official(int township) => new($"official-{Townships[township].Id}", "镇书记", Roles.TownshipOfficial, Township.OrgUnitOf(Townships[township].Id));

    public Actor VillageTeam(int township, int place) =>
        new($"team-{Place(township, place).Id}", "村联动工作队", Roles.VillageTeam, Workflows.SafetyCampaign.Organisation.Place.OrgUnitOf(Townships[township].Id, Place(township, place).Id));

    public static Actor Admin { get; } = new("admin", "管理员", Roles.Admin);
}

/// <summary>The registers and the ranking wired by hand over a test database, with a frozen clock.</summary>
public sealed class RankingHarness
{
    public RankingHarness(TestDatabase database, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Clock = new FakeTimeProvider(now.ToUniversalTime());
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), new WorkflowRegistry([], Roles.Catalogue), new WorkingCalendar(HolidayData.LoadEmbedded()), Clock);
        var options = Options.Create(new IncidentOptions());
        var register = new IncidentRegister(Runtime, options);
        Accident = new RegisterAccidentHandler(register);
        Case = new RegisterCaseHandler(register);
        Incidents = new IncidentQueries(database.Factory, options);
        ThreeZeros = new ThreeZeroQueries(database.Factory, Clock);
        Compute = new ComputeMonthlyRanking(Runtime);
        Due = new RunDueRanking(Compute, Runtime);
        Rankings = new RankingQueries(database.Factory);
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public RegisterAccidentHandler Accident { get; }

    public RegisterCaseHandler Case { get; }

    public IncidentQueries Incidents { get; }

    public ThreeZeroQueries ThreeZeros { get; }

    public ComputeMonthlyRanking Compute { get; }

    public RunDueRanking Due { get; }

    public RankingQueries Rankings { get; }

    /// <summary>An instant on China's wall clock.</summary>
    public static DateTimeOffset Cst(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    public Task<Incident> AccidentAsync(TestCity city, int township, int place, DateTimeOffset at) =>
        Accident.HandleAsync(new RegisterAccident(city.Place(township, place).Id, IncidentType.ProductionSafety, at, AccidentSeverity.General, 0, 1, "厂房内叉车倒车撞伤一人"), city.Official(township), CancellationToken.None);

    public Task<Incident> CaseAsync(TestCity city, int township, int place, DateTimeOffset at) =>
        Case.HandleAsync(new RegisterCase(city.Place(township, place).Id, IncidentType.Criminal, at, "村民家中财物被盗"), city.Official(township), CancellationToken.None);

    /// <summary>How a test dispute went, as the ladder leaves its row.</summary>
    public enum Course
    {
        /// <summary>Resolved at the village within its limit.</summary>
        VillageOnTime,

        /// <summary>Resolved at the village after its limit (an extension's worth late, say).</summary>
        VillageLate,

        /// <summary>Still worked at the village.</summary>
        VillageOpen,

        /// <summary>Sent up for authority (事权) and resolved at the township in time.</summary>
        TownshipForAuthority,

        /// <summary>The village limit ran out: up by itself, resolved at the township.</summary>
        TownshipByTime,

        /// <summary>越级: brought straight to the township, resolved there.</summary>
        SkipLevel,
    }

    /// <summary>A dispute row registered at <paramref name="at"/> as the ladder would leave it after <paramref name="course"/>.</summary>
    public async Task<Guid> DisputeAsync(Place place, DateTimeOffset at, Course course)
    {
        ArgumentNullException.ThrowIfNull(place);
        var source = course == Course.SkipLevel ? DisputeSource.TownshipDirect : DisputeSource.WalkIn;
        await using var db = Database.CreateContext();
        var dispute = new Dispute(
            Guid.CreateVersion7(), await DisputeReference.NextAsync(db, at, CancellationToken.None), DisputeKind.Dispute, MatterCategory.Neighbourhood, source, place.TownshipId, place.Id, "两户因宅前排水发生争执",
            source.StartLevel(), null, null, "test", at);
        if (course is Course.TownshipForAuthority or Course.TownshipByTime)
        {
            dispute.EnterLevel(DisputeLevel.Township, null, byTime: course == Course.TownshipByTime);
        }

        if (course != Course.VillageOpen)
        {
            dispute.Resolve(at.AddDays(2), onTime: course != Course.VillageLate);
        }

        db.Add(dispute);
        await db.SaveChangesAsync();
        return dispute.Id;
    }
}
