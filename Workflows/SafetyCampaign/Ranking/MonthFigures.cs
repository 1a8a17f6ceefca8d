using Governance.Engine.Calendar;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Disputes;
using Governance.Workflows.SafetyCampaign.Incidents;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>A place and its figures for one month.</summary>
public sealed record PlaceMonth(int PlaceId, int TownshipId, string Code, string Name, PlaceKind Kind, RankingFigures Figures);

/// <summary>
/// The month's figures per place, read from the live registers: the disputes (as they stand now)
/// and the accidents and cases. The 三零 status reads them as they are; the monthly ranking reads
/// them once and freezes them in its snapshot.
/// </summary>
internal static class MonthFigures
{
    /// <summary>Three statements whatever the number of places: the places, the disputes grouped by place, the incidents grouped by place and register.</summary>
    public static async Task<IReadOnlyList<PlaceMonth>> OfPlacesAsync(EngineDbContext db, IQueryable<Place> places, CalendarMonth month, CancellationToken ct)
    {
        var (start, end) = (month.Start, month.End);
        var ids = places.Select(p => p.Id);
        var rows = await places.AsNoTracking().OrderBy(p => p.Code).Select(p => new { p.Id, p.TownshipId, p.Code, p.Name, p.Kind }).ToListAsync(ct);
        var disputes = await db.Set<Dispute>().AsNoTracking()
            .Where(d => ids.Contains(d.PlaceId) && d.RegisteredAt >= start && d.RegisteredAt < end)
            .GroupBy(d => d.PlaceId)
            .Select(g => new
            {
                PlaceId = g.Key,
                Count = g.Count(),
                Kept = g.Count(d => d.HighestLevel == DisputeLevel.Village),
                Resolved = g.Count(d => d.ResolvedLevel == DisputeLevel.Village),
                LimitsMet = g.Count(d => d.LimitBreaches == 0 && d.ResolvedOnTime != false),
                SkipLevel = g.Count(d => d.SkipLevel),
            })
            .ToDictionaryAsync(d => d.PlaceId, ct);
        var incidents = await db.Set<Incident>().AsNoTracking()
            .Where(i => ids.Contains(i.PlaceId) && i.OccurredAt >= start && i.OccurredAt < end)
            .GroupBy(i => new { i.PlaceId, i.Kind })
            .Select(g => new { g.Key.PlaceId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);

        int Incidents(int placeId, IncidentKind kind) => incidents.Where(i => i.PlaceId == placeId && i.Kind == kind).Sum(i => i.Count);
        return [.. rows.Select(p =>
        {
            var d = disputes.GetValueOrDefault(p.Id);
            var figures = RankingFigures.OfPlace(
                d?.Count ?? 0, d?.Kept ?? 0, d?.Resolved ?? 0, d?.LimitsMet ?? 0, d?.SkipLevel ?? 0, Incidents(p.Id, IncidentKind.Accident), Incidents(p.Id, IncidentKind.Case));
            return new PlaceMonth(p.Id, p.TownshipId, p.Code, p.Name, p.Kind, figures);
        })];
    }
}
