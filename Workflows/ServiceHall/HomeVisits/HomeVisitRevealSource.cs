using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>A home visit's applicant's numbers, to the hall's staff while the visit is open in their scope.</summary>
internal sealed class HomeVisitRevealSource : IRevealSource
{
    public RevealSubject Subject => RevealSubject.HomeVisit;

    public IReadOnlyList<string> Handlers { get; } = [Roles.WindowStaff, Roles.HallLead];

    public string OutOfReach => "只能查看本人职责范围内在办上门服务的完整号码";

    public async Task<RevealedNumber?> FindAsync(EngineDbContext db, Guid subjectId, int? party, PersonalField field, Actor actor, CancellationToken ct)
    {
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == subjectId && i.DefinitionName == HomeVisitWorkflow.Name, ct);
        if (instance is null || instance.ClosedAt is not null || !actor.CanSee(instance.OrgUnit))
        {
            return null;
        }

        var d = instance.GetData<HomeVisitData>();
        return new RevealedNumber(instance.OrgUnit, field == PersonalField.Phone ? d.ApplicantPhone : d.IdNumber);
    }
}
