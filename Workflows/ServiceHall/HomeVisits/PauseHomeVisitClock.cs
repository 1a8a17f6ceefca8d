using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// 补正: staff ask the applicant for missing materials, and the step's clock (review or
/// arranging the visit) stops until they arrive (<see cref="ResumeHomeVisitClock"/>). The
/// reason says what is missing; the applicant, if they left an email, is told.
/// </summary>
public sealed record PauseHomeVisitClock(Guid Id, string? Reason, int ExpectedVersion);

public sealed class PauseHomeVisitClockHandler(SlaClock clock)
{
    public Task<TransitionResult> HandleAsync(PauseHomeVisitClock command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return clock.PauseAsync(command.Id, HomeVisitWorkflow.Name, actor, command.ExpectedVersion, () =>
        {
            new Validation().Text(command.Reason, "reason", 500).ThrowIfInvalid();
            return command.Reason!.Trim();
        }, ct);
    }
}
