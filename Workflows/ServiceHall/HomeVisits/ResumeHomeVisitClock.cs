using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// The materials asked for (补正) arrived: the step's clock runs again, with the working time that
/// was left when it stopped counted from now on the holiday calendar. The note is optional.
/// </summary>
public sealed record ResumeHomeVisitClock(Guid Id, string? Note, int ExpectedVersion);

public sealed class ResumeHomeVisitClockHandler(SlaClock clock)
{
    public Task<TransitionResult> HandleAsync(ResumeHomeVisitClock command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return clock.ResumeAsync(command.Id, HomeVisitWorkflow.Name, actor, command.ExpectedVersion, () =>
        {
            new Validation().Text(command.Note, "note", 500, required: false).ThrowIfInvalid();
            return command.Note;
        }, ct);
    }
}
