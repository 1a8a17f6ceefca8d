using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Disputes;

/// <summary>
/// One department's part of a joint handling as the matter's page shows it: the department, 主办 or
/// 协办, where it stands, its limit, whether it is (or finished) past its limit (超期), its note, and
/// whether the reader may report it done now.
/// </summary>
public sealed record JointPartView(
    Guid Id, int Version, int DepartmentId, string Department, string Role, string State, string StateName,
    DateTimeOffset? DueAt, DateTimeOffset? ClosedAt, bool Warned, bool Overdue, string? Note, bool MayFinish);

public sealed class JointHandlingQueries(IDbContextFactory<WorkflowDbContext> dbFactory, ChildInstanceQueries children)
{
    /// <summary>
    /// The parts of matter <paramref name="disputeId"/> the actor reaches (a department its own only,
    /// the township all), lead first; null when the matter is absent or out of reach.
    /// </summary>
    public async Task<IReadOnlyList<JointPartView>?> OfAsync(Guid disputeId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await DisputeQueries.Reachable(db, actor).AnyAsync(d => d.Id == disputeId, ct))
            {
                return null;
            }
        }

        var parts = await children.OfAsync(disputeId, actor, ct);
        return [.. parts.Where(c => c.Workflow == JointHandlingWorkflow.Name).Select(c => (Child: c, Part: c.GetData<JointPart>()))
            .OrderByDescending(p => p.Part.Lead)
            .Select(p => new JointPartView(
                p.Child.Id, p.Child.Version, p.Part.DepartmentId, p.Part.DepartmentName, p.Part.Role, p.Child.State, p.Child.StateName, p.Child.DueAt, p.Child.ClosedAt,
                p.Child.Warned, p.Child.Overdue, p.Part.Note,
                actor.Role == Roles.Department && p.Child.State == JointHandlingWorkflow.InProgress))];
    }
}
