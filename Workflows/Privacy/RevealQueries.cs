using Governance.Workflows.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Privacy;

public sealed record RevealLine(DateTimeOffset At, string ActorName, string ActorRole, RevealSubject Subject, Guid SubjectId, PersonalField Field);

/// <summary>Who saw which full numbers: the audit of reveals, for the lead of the unit they happened in.</summary>
public sealed class RevealQueries(IDbContextFactory<WorkflowDbContext> dbFactory)
{
    /// <summary>The newest reveals in the actor's scope (hall leads and administrators only).</summary>
    public async Task<IReadOnlyList<RevealLine>> RecentAsync(Actor actor, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.HallLead or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只有中心值班领导和管理员可以查看号码查看记录");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PersonalDataReveal>().AsNoTracking()
            .WithinScopeOf(actor, r => r.OrgUnit)
            .OrderByDescending(r => r.At)
            .Take(limit)
            .Select(r => new RevealLine(r.At, r.ActorName, r.ActorRole, r.Subject, r.SubjectId, r.Field))
            .ToListAsync(ct);
    }
}
