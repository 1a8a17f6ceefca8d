using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.ExtendedHours;

/// <summary>Window staff register an extended-hours service (延时服务) for someone who must finish today.</summary>
public sealed record RegisterExtendedHours(
    int WindowId,
    string Matter,
    ApplicantKind ApplicantKind,
    string ApplicantName,
    string? ApplicantPhone,
    string Reason,
    DateTimeOffset ExpectedFinish);

public sealed class RegisterExtendedHoursHandler(WorkflowRuntime runtime, IOptions<ExtendedHoursOptions> options)
{
    /// <summary>Starts the instance (and emails the hall lead, through the outbox) or throws <see cref="RequestValidationException"/>, storing nothing.</summary>
    public Task<WorkflowInstance> HandleAsync(RegisterExtendedHours command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        runtime.EnsureMayStart(ExtendedHoursWorkflow.Name, actor);
        new Validation()
            .Check(command.WindowId > 0, "windowId", "必填")
            .Text(command.Matter, "matter", 100)
            .Text(command.ApplicantName, "applicantName", 100)
            .Check(command.ApplicantPhone is null || PersonalData.IsMobile(command.ApplicantPhone), "applicantPhone", "请填写 11 位手机号码")
            .Text(command.Reason, "reason", 500)
            .OneOf<ApplicantKind>(command.ApplicantKind, "applicantKind", ApplicantKinds.DisplayName)
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var window = await db.Set<ServiceWindow>().Include(w => w.Hall!).ThenInclude(h => h.OpeningHours)
                .SingleOrDefaultAsync(w => w.Id == command.WindowId, token);
            new Validation().Check(window is not null, "windowId", "窗口不存在").ThrowIfInvalid();
            if (!actor.CanSee(window!.OrgUnit))
            {
                throw new UnauthorizedAccessException($"窗口 {window.Code} 不在您的职责范围内");
            }

            var now = runtime.Now;
            var today = ChinaTime.DateOf(now);
            var closing = window.Hall!.WeeklyHours().ClosingTime(today, runtime.Calendar);
            new Validation().Check(closing is not null, "windowId", "本厅今日不办公，无法登记延时服务").ThrowIfInvalid();

            var mustEndBy = ChinaTime.At(today, closing!.Value) + options.Value.GraceAfterClosing;
            new Validation()
                .Check(command.ExpectedFinish > now, "expectedFinish", "预计办结时间不能早于当前时间")
                .Check(command.ExpectedFinish <= mustEndBy, "expectedFinish", $"延时服务须当日办结，最晚 {ChinaTime.ToLocal(mustEndBy):HH:mm}")
                .Check(now < mustEndBy, "expectedFinish", "今日延时服务时段已过")
                .ThrowIfInvalid();

            var data = new ExtendedHoursData(
                window.HallId, window.Id, window.Code, window.Name, command.Matter.Trim(), command.ApplicantKind,
                command.ApplicantName.Trim(), command.ApplicantPhone, command.Reason.Trim(), command.ExpectedFinish, mustEndBy);
            var title = $"{window.Code} 延时服务：{data.Matter}";
            return await runtime.StartAsync(db, ExtendedHoursWorkflow.Name, window.OrgUnit, title, data, actor, token);
        }, ct);
    }
}
