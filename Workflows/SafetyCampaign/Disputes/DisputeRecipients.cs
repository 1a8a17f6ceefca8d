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

    /// <summary>The officials, when the matter has just gone up a level (by a person or by time).</summary>
    public static RecipientRule OfficialsIfEscalated { get; } = new("事项所在镇的镇级领导（上报时）", (c, ct) =>
        c.Data<DisputeData>().EscalatedFrom is null ? None() : Officials.Resolve(c, ct));

    /// <summary>
    /// The officials, when a 越级 matter is routed at registration: the start is version 0 and
    /// the routing version 1; any later entry of the same state is an escalation or a reopening.
    /// </summary>
    public static RecipientRule OfficialsIfSkipLevel { get; } = new("事项所在镇的镇级领导（越级登记时）", (c, ct) =>
        c.Data<DisputeData>().SkipLevel && c.Instance.Version == 1 ? Officials.Resolve(c, ct) : None());

    /// <summary>The applicant, when an extension was just approved and they left an email (otherwise the extension records how they were told).</summary>
    public static RecipientRule ApplicantIfJustExtended { get; } = new("申请人（延期时，留有邮箱的）", async (c, ct) =>
    {
        if (c.Data<DisputeData>().LastExtension?.At != c.Now)
        {
            return [];
        }

        return await Applicant(c, ct);
    });

    /// <summary>
    /// The applicant who left an email, at each step they are told of: the matter went up a level
    /// (not a reopening or an extension, which stay at the level; an extension has its own email),
    /// was resolved, or was closed after the follow-up.
    /// </summary>
    public static RecipientRule ApplicantAtEachStep { get; } = new("申请人（上报、化解、办结时，留有邮箱的）", (c, ct) =>
        c.Instance.State is DisputeWorkflow.AwaitingFollowUp or DisputeWorkflow.Closed || c.Data<DisputeData>().EscalatedFrom is not null
            ? Applicant(c, ct)
            : None());

    /// <summary>The department that holds authority (事权) over a category; the lowest id if several do.</summary>
    public static Task<Department?> DepartmentFor(EngineDbContext db, MatterCategory category, CancellationToken ct) =>
        db.Set<Department>().AsNoTracking()
            .Where(d => d.Authorities.Any(a => a.Category == category))
            .OrderBy(d => d.Id)
            .FirstOrDefaultAsync(ct);

    private static async Task<IReadOnlyList<Recipient>> Applicant(TransitionContext c, CancellationToken ct)
    {
        var id = c.Instance.Id;
        return await c.Db.Set<DisputeParty>().Where(p => p.DisputeId == id && p.Ordinal == 0 && p.Email != null)
            .Select(p => new Recipient(p.Name, p.Email!)).ToListAsync(ct);
    }

    private static Task<IReadOnlyList<Recipient>> None() => Task.FromResult<IReadOnlyList<Recipient>>([]);
}
