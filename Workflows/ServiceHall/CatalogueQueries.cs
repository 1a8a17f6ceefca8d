using System.Linq.Expressions;
using Governance.Engine.Calendar;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

public sealed record HallSummary(int Id, string Name);

public sealed record WindowSummary(int Id, int HallId, string Code, string Name, string OrgUnit);

/// <summary>An item with the windows serving it (<c>A01 商品房合同备案</c>) and its 办事指南.</summary>
public sealed record ItemSummary(int Id, string Code, string Name, IReadOnlyList<string> Windows, IReadOnlyList<int> WindowIds, ServiceGuide Guide);

/// <summary>A hall as its administrator checks it: its lead, weekly hours and items with the windows serving them.</summary>
public sealed record HallDetails(int Id, string Code, string Name, string LeadName, WeeklyHours Hours, IReadOnlyList<ItemSummary> Items);

/// <summary>The catalogue as pages list it: halls to choose from, a hall's windows, its items with their guides, a hall's details.</summary>
public sealed class CatalogueQueries(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    public async Task<IReadOnlyList<HallSummary>> HallsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Hall>().AsNoTracking().OrderBy(h => h.Id).Select(h => new HallSummary(h.Id, h.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<WindowSummary>> WindowsAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var windows = await db.Set<ServiceWindow>().AsNoTracking().Where(w => w.HallId == hallId).OrderBy(w => w.Code).ToListAsync(ct);
        return [.. windows.Select(w => new WindowSummary(w.Id, w.HallId, w.Code, w.Name, w.OrgUnit))];
    }

    /// <summary>One hall, or null if there is no such hall.</summary>
    public async Task<HallDetails?> HallAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hall = await db.Set<Hall>().AsNoTracking().Include(h => h.OpeningHours).SingleOrDefaultAsync(h => h.Id == hallId, ct);
        if (hall is null)
        {
            return null;
        }

        return new HallDetails(hall.Id, hall.Code, hall.Name, hall.LeadName, hall.WeeklyHours(), await Summaries(db, i => i.HallId == hallId).ToListAsync(ct));
    }

    /// <summary>A hall's items, each with its windows and 办事指南, as a citizen chooses one to book; null if there is no such hall.</summary>
    public async Task<IReadOnlyList<ItemSummary>?> ItemsAsync(int hallId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Hall>().AnyAsync(h => h.Id == hallId, ct) ? await Summaries(db, i => i.HallId == hallId).ToListAsync(ct) : null;
    }

    /// <summary>One item with its windows and 办事指南, or null if there is no such item.</summary>
    public async Task<ItemSummary?> ItemAsync(int itemId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Summaries(db, i => i.Id == itemId).SingleOrDefaultAsync(ct);
    }

    private static IQueryable<ItemSummary> Summaries(WorkflowDbContext db, Expression<Func<ServiceItem, bool>> which) =>
        db.Set<ServiceItem>().AsNoTracking().Where(which).OrderBy(i => i.Code)
            .Select(i => new ItemSummary(
                i.Id, i.Code, i.Name, i.Windows.OrderBy(w => w.Code).Select(w => w.Code + " " + w.Name).ToList(), i.Windows.OrderBy(w => w.Code).Select(w => w.Id).ToList(),
                new ServiceGuide(i.GuideLocation, i.GuideMaterials, i.GuideNotes, i.GuideTimeLimit)));
}
