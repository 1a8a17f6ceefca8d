using System.Globalization;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// Staff fix when the visit happens and who goes (安排上门), or move an arranged visit (改期).
/// Any day is allowed, weekends too (a key project may want one), but never a past time, and no
/// further ahead than the configured horizon. The applicant, if they left an email, is told.
/// </summary>
public sealed record ScheduleHomeVisit(Guid Id, DateTimeOffset? VisitAt, string Staff, string? Note, int ExpectedVersion);

public sealed class ScheduleHomeVisitHandler(WorkflowRuntime runtime, IOptions<HomeVisitOptions> options)
{
    public Task<TransitionResult> HandleAsync(ScheduleHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, HomeVisitWorkflow.Name, actor, () =>
        {
            var now = runtime.Now;
            var horizon = options.Value.ScheduleHorizonDays;
            new Validation()
                .Check(command.VisitAt is not null, "visitAt", "必填")
                .Check(command.VisitAt is null || command.VisitAt > now, "visitAt", "上门时间不能早于当前时间")
                .Check(command.VisitAt is null || command.VisitAt <= now.AddDays(horizon), "visitAt", $"上门时间最晚为 {horizon} 天内")
                .Text(command.Staff, "staff", 100)
                .Text(command.Note, "note", 500, required: false)
                .ThrowIfInvalid();

            var schedule = new HomeVisitSchedule(ChinaTime.ToLocal(command.VisitAt!.Value), command.Staff.Trim(), string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim());
            var reason = string.Create(CultureInfo.InvariantCulture, $"上门时间 {schedule.VisitAt:yyyy-MM-dd HH:mm}，上门人员 {schedule.Staff}");
            return new Stimulus(command.Id, HomeVisitWorkflow.Schedule, actor, command.ExpectedVersion, reason, c => c.UpdateData<HomeVisitData>(d => d with { Schedule = schedule }));
        }, ct);
    }
}
