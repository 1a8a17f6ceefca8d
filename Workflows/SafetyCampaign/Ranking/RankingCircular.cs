using System.Text.Json;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Ranking;

/// <summary>What the circular shows one township's officials: the city's township table, and their own township's places in detail.</summary>
public sealed record RankingCircularDetails(
    string City,
    string Month,
    string Township,
    int Rank,
    int OfTownships,
    IReadOnlyList<RankingLine> Townships,
    IReadOnlyList<RankingLine> Places);

/// <summary>
/// The monthly circular (月通报), owed in the ranking's own transaction: one email to every
/// official of every ranked township, once per official and month whatever reruns (dedupe key).
/// </summary>
internal static class RankingCircular
{
    public const string Template = "ranking.circular";

    public static async Task AddAsync(EngineDbContext db, RankingMonth ranking, string city, CalendarMonth month, DateTimeOffset now, CancellationToken ct)
    {
        var townshipIds = ranking.Townships.Select(t => t.TownshipId).ToList();
        var officials = await db.Set<TownshipOfficial>().AsNoTracking()
            .Where(o => townshipIds.Contains(o.TownshipId))
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.TownshipId, o.Name, o.Email })
            .ToListAsync(ct);
        var table = ranking.Townships.OrderBy(t => t.Rank).ThenBy(t => t.Code, StringComparer.Ordinal).Select(RankingLine.Of).ToList();
        foreach (var official in officials)
        {
            var own = ranking.Townships.Single(t => t.TownshipId == official.TownshipId);
            var places = ranking.Places.Where(p => p.TownshipId == own.TownshipId).OrderBy(p => p.Rank).ThenBy(p => p.Code, StringComparer.Ordinal).Select(RankingLine.Of).ToList();
            var details = new RankingCircularDetails(city, month.ToString(), own.Name, own.Rank, table.Count, table, places);
            var model = JsonSerializer.Serialize(
                new NotificationModel(Guid.Empty, "三零月排名", $"{city}{month}三零平安创建月排名", "已通报", Actor.System.Name, null, now, null, details),
                WorkflowInstance.DataJson);
            await db.AddOutboxOnceAsync(
                new OutboxMessage(Guid.CreateVersion7(now), null, Template, new Recipient(official.Name, official.Email), model, now, dedupeKey: $"{Template}:{ranking.CityId}:{month}:{official.Id}"),
                ct);
        }
    }
}
