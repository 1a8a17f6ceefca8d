using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>Who may work which part of a hall's queue, by the org-unit scope of the actor.</summary>
internal static class QueueAccess
{
    /// <summary>Hall leads (scope <c>hall/1</c>) and the staff of any of its windows (<c>hall/1/window/3</c>).</summary>
    public static void DemandHall(Actor actor, int hallId)
    {
        var hall = $"hall/{hallId}";
        if (!actor.CanSee(hall) && !actor.Scope.StartsWith(hall + "/", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException("只能在本厅取号");
        }
    }

    public static void DemandWindow(Actor actor, ServiceWindow window) => DemandWindow(actor, window.OrgUnit);

    public static void DemandWindow(Actor actor, string windowOrgUnit)
    {
        if (!actor.CanSee(windowOrgUnit))
        {
            throw OutOfReach();
        }
    }

    /// <summary>The one refusal for a window that does not exist and for one out of the actor's scope: the same words, and no id, so it tells nothing.</summary>
    public static UnauthorizedAccessException OutOfReach() => new("该窗口不在您的职责范围内");
}
