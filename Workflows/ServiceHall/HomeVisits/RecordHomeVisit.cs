using System.Globalization;
using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// Staff write the visit record (上门记录): what was done, the outcome, and how many trips it
/// took (最多跑一次: more than one is a finding). <paramref name="VisitedAt"/> defaults to now and
/// cannot lie in the future, nor before the time the visit was scheduled for: a visit is recorded
/// once it has happened. <paramref name="Trips"/> defaults to one.
/// </summary>
public sealed record RecordHomeVisit(Guid Id, string WhatWasDone, HomeVisitOutcome? Outcome, int? Trips, DateTimeOffset? VisitedAt, int ExpectedVersion);

public sealed class RecordHomeVisitHandler(WorkflowRuntime runtime)
{
    public const int MaxTrips = 20;

    private static string Shown(DateTimeOffset? at) => at is { } t ? ChinaTime.ToLocal(t).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture) : "";

    public Task<TransitionResult> HandleAsync(RecordHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runtime.MoveAsync(command.Id, HomeVisitWorkflow.Name, actor, (_, instance, _) =>
        {
            var now = runtime.Now;
            var scheduledAt = instance.GetData<HomeVisitData>().Schedule?.VisitAt;
            new Validation()
                .Text(command.WhatWasDone, "whatWasDone", 1000)
                .OneOf(command.Outcome, "outcome", HomeVisitNames.DisplayName)
                .Check(command.Trips is null or (>= 1 and <= MaxTrips), "trips", $"应为 1 到 {MaxTrips} 之间的整数")
                .Check(command.VisitedAt is null || command.VisitedAt <= now, "visitedAt", "上门时间不能晚于当前时间")
                .Check(command.VisitedAt is null || scheduledAt is null || command.VisitedAt >= scheduledAt, "visitedAt", $"上门时间不能早于安排的上门时间 {Shown(scheduledAt)}")
                .ThrowIfInvalid();

            // Without a time of its own the record says "now": before the appointed time the visit has not happened yet.
            if (command.VisitedAt is null && scheduledAt > now)
            {
                throw new RuleViolationException("尚未到上门时间", $"上门安排在 {Shown(scheduledAt)}，上门之后才能填写上门记录");
            }

            var record = new HomeVisitRecord(command.VisitedAt ?? now, command.WhatWasDone.Trim(), command.Outcome!.Value, command.Trips ?? 1);
            var reason = $"{record.Outcome.DisplayName()}，上门 {record.Trips} 次";
            return Task.FromResult(new Stimulus(command.Id, HomeVisitWorkflow.Record, actor, command.ExpectedVersion, reason, c => c.UpdateData<HomeVisitData>(d => d with { Visit = record })));
        }, ct: ct);
    }
}
