using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

public sealed record HallSummary(int Id, string Name);

public sealed record WindowSummary(int Id, int HallId, string Code, string Name, string OrgUnit);

/// <summary>The catalogue as pages list it: halls to choose from, a hall's windows.</summary>
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
}
