using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.PovertyMonitoring;

/// <summary>A household as a source names it: the householder's ID number and name, and the village it lives in.</summary>
public sealed record HouseholdFacts(string IdNumber, string HouseholderName, Place Place);

/// <summary>Why a source warns of a household.</summary>
public sealed record WarningCause(WarningSource Source, string Why, Guid? ImportId = null, decimal? MedicalSpending = null, StudentFacts? Student = null, string? ReportedBy = null);

/// <summary>
/// The one way a warning (预警) is raised, whatever its source: the household is found by the hash
/// of its householder's ID number (or added), and unless it has an open warning already — waiting
/// for verification or decision, or under monitoring — a <c>poverty-warning</c> instance starts at
/// its village, with its row. Inside the caller's transaction; the household's advisory lock makes
/// two sources raising the same household at once queue up, so the second sees the first's.
/// </summary>
public static class RaiseWarning
{
    /// <summary>The new warning's instance, or null when the household already has an open one.</summary>
    public static async Task<WorkflowInstance?> RaiseAsync(EngineDbContext db, WorkflowRuntime runtime, HouseholdFacts household, WarningCause cause, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(cause);
        var key = Household.PersonKeyOf(household.IdNumber);
        var place = household.Place;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"poverty-household:" + key}))", ct);
        var row = await FindOrAddAsync(db, key, household, ct);
        if (await db.Set<PovertyWarning>().AnyAsync(w => w.HouseholdId == row.Id && w.Open, ct))
        {
            return null;
        }

        await db.SaveChangesAsync(ct);
        var township = await db.Set<Township>().AsNoTracking().Where(t => t.Id == place.TownshipId).Select(t => t.Name).SingleAsync(ct);
        var orgUnit = Place.OrgUnitOf(place.TownshipId, place.Id);
        var data = new PovertyWarningData(
            row.Id, row.HouseholderName, row.IdNumberMasked, place.TownshipId, township, place.Id, place.Name, cause.Source, cause.Why,
            cause.MedicalSpending, cause.Student, cause.ReportedBy);
        var title = $"{cause.Source.DisplayName()}：{township}{place.Name} {PersonalData.MaskName(row.HouseholderName)}户";
        var instance = await runtime.StartAsync(db, PovertyWarningWorkflow.Name, orgUnit, title, data, actor, ct);
        var now = runtime.Now;
        var today = ChinaTime.DateOf(now);
        db.Add(new PovertyWarning(instance.Id, row.Id, cause.Source, cause.ImportId, place.TownshipId, place.Id, orgUnit, cause.MedicalSpending, cause.ReportedBy, now, new DateOnly(today.Year, today.Month, 1)));
        return instance;
    }

    /// <summary>The household by its key, its name and village brought up to date; a new one is added (and saved, for its id).</summary>
    internal static async Task<Household> FindOrAddAsync(EngineDbContext db, string key, HouseholdFacts household, CancellationToken ct)
    {
        var row = await db.Set<Household>().SingleOrDefaultAsync(h => h.PersonKey == key, ct);
        if (row is null)
        {
            row = new Household(key, PersonalData.MaskIdNumber(household.IdNumber.ToUpperInvariant()), household.HouseholderName, household.Place.TownshipId, household.Place.Id);
            db.Add(row);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            row.Seen(household.HouseholderName, household.Place.TownshipId, household.Place.Id);
        }

        return row;
    }
}
