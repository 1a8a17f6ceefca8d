using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>Who hears of a step of the ladder, found inside the transition's transaction.</summary>
internal static class DisputeRecipients
{
    /// <summary>The officials (综治中心) of the matter's township: every yellow, red, escalation and 越级 of its villages reaches them.</summary>
    public static RecipientRule Officials { get; } = new("事项所在镇的镇级领导", (c, ct) => OfficialsOf(c.Db, c.Data<DisputeData>().TownshipId, ct));

    /// <summary>The officials (综治中心) of township <paramref name="townshipId"/>.</summary>
    public static async Task<IReadOnlyList<Recipient>> OfficialsOf(EngineDbContext db, int townshipId, CancellationToken ct) =>
        await db.Set<TownshipOfficial>().Where(o => o.TownshipId == townshipId).OrderBy(o => o.Id)
            .Select(o => new Recipient(o.Name, o.Email)).ToListAsync(ct);

    /// <summary>The department that holds authority (事权) over a category; the lowest id if several do.</summary>
    public static Task<Department?> DepartmentFor(EngineDbContext db, MatterCategory category, CancellationToken ct) =>
        db.Set<Department>().AsNoTracking()
            .Where(d => d.Authorities.Any(a => a.Category == category))
            .OrderBy(d => d.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>The applicant (the first party), when they left an email; otherwise the step records how they were told.</summary>
    public static RecipientRule Applicant { get; } = new("申请人（留有邮箱的）", async (c, ct) =>
    {
        var id = c.Instance.Id;
        return await c.Db.Set<DisputeParty>().Where(p => p.DisputeId == id && p.Ordinal == 0 && p.Email != null)
            .Select(p => new Recipient(p.Name, p.Email!)).ToListAsync(ct);
    });
}
