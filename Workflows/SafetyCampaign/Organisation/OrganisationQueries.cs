using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

public sealed record CityView(int Id, string Code, string Name);

public sealed record OfficialView(string Name, string Title);

public sealed record TownshipSummary(int Id, string Code, string Name, TownshipKind Kind, int Villages, int Units, int FirstSecretaries, IReadOnlyList<OfficialView> Officials);

public sealed record RosterView(int Id, RosterRole Role, string Title, string Name);

public sealed record PlaceView(int Id, string Code, string Name, PlaceKind Kind, IReadOnlyList<RosterView> Roster);

public sealed record DepartmentView(int Id, string Code, string Name, IReadOnlyList<MatterCategory> Authority, IReadOnlyList<string> AuthorityNames);

/// <summary>The organisation as every signed-in role may read it: who is where, not how to reach them (officials' emails are for alerts only).</summary>
public sealed class OrganisationQueries(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CityView>> CitiesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<City>().AsNoTracking().OrderBy(c => c.Id).Select(c => new CityView(c.Id, c.Code, c.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TownshipSummary>> TownshipsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<Township>().AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new
            {
                t.Id, t.Code, t.Name, t.Kind,
                Villages = t.Places.Count(p => p.Kind != PlaceKind.Unit),
                Units = t.Places.Count(p => p.Kind == PlaceKind.Unit),
                FirstSecretaries = t.Places.Count(p => p.Roster.Any(m => m.Role == RosterRole.FirstSecretary)),
                Officials = t.Officials.OrderBy(o => o.Id).Select(o => new OfficialView(o.Name, o.Title)).ToList(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(t => new TownshipSummary(t.Id, t.Code, t.Name, t.Kind, t.Villages, t.Units, t.FirstSecretaries, t.Officials))];
    }

    /// <summary>A township's villages, communities and units with their rosters, or null if there is no such township.</summary>
    public async Task<IReadOnlyList<PlaceView>?> PlacesAsync(int townshipId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Set<Township>().AnyAsync(t => t.Id == townshipId, ct))
        {
            return null;
        }

        return await db.Set<Place>().AsNoTracking().Where(p => p.TownshipId == townshipId).OrderBy(p => p.Id)
            .Select(p => new PlaceView(p.Id, p.Code, p.Name, p.Kind, p.Roster.OrderBy(m => m.Id).Select(m => new RosterView(m.Id, m.Role, m.Title, m.Name)).ToList()))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<DepartmentView>> DepartmentsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<Department>().AsNoTracking().OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Code, d.Name, Authority = d.Authorities.Select(a => a.Category).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(d => new DepartmentView(d.Id, d.Code, d.Name, [.. d.Authority.Order()], [.. d.Authority.Order().Select(c => c.DisplayName())]))];
    }

    /// <summary>Each department's office email, for the administrator who keeps them (not on <see cref="DepartmentView"/>, which every signed-in role reads).</summary>
    public async Task<IReadOnlyDictionary<int, string>> DepartmentEmailsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Department>().AsNoTracking().Where(d => d.Email != null).ToDictionaryAsync(d => d.Id, d => d.Email!, ct);
    }
}
