using System.Globalization;
using System.Text;
using Governance.Engine.Calendar;
using Governance.Workflows.PovertyMonitoring;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.PovertyMonitoring;

/// <summary>A database of its own for the 防返贫 tests: they move the clock and pump timers.</summary>
public sealed class PovertyDatabase() : TestDatabase("poverty");

/// <summary>The runtime with the 防返贫 use cases wired by hand over a test database, with a frozen clock.</summary>
public sealed class PovertyHarness
{
    /// <summary>Monday 9 November 2026, 10:00 in China.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 9, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly Actor Admin = new("admin", "管理员", Roles.Admin);

    public PovertyHarness(TestDatabase database, DateTimeOffset? start = null, PovertyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        Options = options ?? new PovertyOptions();
        Clock = new FakeTimeProvider((start ?? MondayMorning).ToUniversalTime());
        var registry = new WorkflowRegistry([PovertyWarningWorkflow.Definition], Roles.Catalogue);
        Runtime = new WorkflowRuntime(new EngineContexts(database.Factory), registry, new WorkingCalendar(HolidayData.LoadEmbedded()), Clock);
        Pump = new TimerPump(new EngineContexts(database.Factory), Runtime, NullLogger<TimerPump>.Instance);
        var configured = Microsoft.Extensions.Options.Options.Create(Options);
        Import = new ImportScreeningHandler(Runtime, database.Factory, configured);
        Report = new ReportHouseholdHandler(Runtime);
        Verify = new VerifyHouseholdHandler(Runtime);
        Review = new ReviewWarningHandler(Runtime);
        Plan = new PlanAssistanceHandler(Runtime);
        FollowUp = new FollowUpHouseholdHandler(Runtime);
        Eliminate = new EliminateRiskHandler(Runtime);
        Queries = new PovertyQueries(database.Factory, registry, Clock);
    }

    public TestDatabase Database { get; }

    public PovertyOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public TimerPump Pump { get; }

    public ImportScreeningHandler Import { get; }

    public ReportHouseholdHandler Report { get; }

    public VerifyHouseholdHandler Verify { get; }

    public ReviewWarningHandler Review { get; }

    public PlanAssistanceHandler Plan { get; }

    public FollowUpHouseholdHandler FollowUp { get; }

    public EliminateRiskHandler Eliminate { get; }

    public PovertyQueries Queries { get; }

    /// <summary>A valid ID number of 项城市 (411681) no other test uses: a random birth date and sequence, its check digit computed.</summary>
    public static string NewIdNumber()
    {
        var born = new DateOnly(1940, 1, 1).AddDays(Random.Shared.Next(0, 25_000));
        var body = string.Create(CultureInfo.InvariantCulture, $"411681{born:yyyyMMdd}{Random.Shared.Next(0, 1000):000}");
        return body + PersonalData.IdCheckDigit(body);
    }

    /// <summary>A medical-insurance file (UTF-8 CSV with a BOM, as Excel saves it) of the given lines.</summary>
    public static byte[] MedicalCsv(params string[] lines) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", [string.Join(",", ScreeningFile.MedicalColumns), .. lines]) + "\r\n")).ToArray();

    /// <summary>One reimbursement line at the township's first village: total = reimbursed + own.</summary>
    public static string Claim(TestTownship t, string idNumber, string date, decimal own, string name = "王建国", string? village = null)
    {
        var reimbursed = own * 2;
        return string.Create(CultureInfo.InvariantCulture, $"{idNumber},{name},{t.Township.Name},{village ?? t.Village.Name},{date},{own + reimbursed:0.00},{reimbursed:0.00},{own:0.00}");
    }

    public Task<ImportSummary> ImportMedicalAsync(string month, byte[] file, string name = "医保报销.csv") =>
        Import.HandleAsync(new ImportScreening(ScreeningSource.MedicalInsurance, month, name, file), Admin, CancellationToken.None);

    /// <summary>Moves the clock to <paramref name="at"/> and runs the pump until nothing due is left.</summary>
    public async Task AtAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at.ToUniversalTime());
        while (await Pump.FireDueAsync(500, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The warnings of the township's households, oldest first.</summary>
    public async Task<List<PovertyWarning>> WarningsAsync(TestTownship t)
    {
        await using var db = Database.CreateContext();
        return await db.Set<PovertyWarning>().AsNoTracking().Where(w => w.TownshipId == t.Township.Id).OrderBy(w => w.RaisedAt).ThenBy(w => w.Id).ToListAsync();
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<string>> TriggersAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        return await db.Ledger.AsNoTracking().Where(l => l.InstanceId == id).OrderBy(l => l.Id).Select(l => l.Trigger).ToListAsync();
    }

    public async Task<List<(string Template, string To)>> OutboxAsync(Guid id)
    {
        await using var db = Database.CreateContext();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.InstanceId == id).OrderBy(o => o.CreatedAt).ThenBy(o => o.Template).ToListAsync();
        return [.. rows.Select(o => (o.Template, o.RecipientEmail))];
    }

    public async Task<int> ImportsOfAsync(ScreeningSource source, DateOnly month)
    {
        await using var db = Database.CreateContext();
        return await db.Set<ScreeningImport>().CountAsync(i => i.Source == source && i.Month == month);
    }
}
