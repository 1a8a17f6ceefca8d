using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.HomeVisits;

/// <summary>
/// A citizen, or hall staff on their behalf, asks for a home visit (上门服务). The ID number is
/// required for a person and optional for an enterprise or project; the contact email, if given,
/// hears of the review and of the visit time. Naming a window puts the visit in that window's
/// queue and scope (hall/{h}/window/{w}); without one it belongs to the hall (hall/{h}).
/// </summary>
public sealed record RequestHomeVisit(
    int HallId,
    int? WindowId,
    string Matter,
    HomeVisitReason? ReasonKind,
    string ApplicantName,
    string ApplicantPhone,
    string? IdNumber,
    string Address,
    string? ContactEmail,
    string? Note);

public sealed class RequestHomeVisitHandler(WorkflowRuntime runtime)
{
    /// <summary>Starts the instance (and emails the hall lead, through the outbox) or throws <see cref="RequestValidationException"/>, storing nothing.</summary>
    /// <exception cref="UnauthorizedAccessException">The actor's role may not ask for visits, or the hall or window is outside their scope.</exception>
    public Task<WorkflowInstance> HandleAsync(RequestHomeVisit command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        runtime.EnsureMayStart(HomeVisitWorkflow.Name, actor);

        // A blank optional field (as a web form sends it) is an absent one.
        var idNumber = string.IsNullOrWhiteSpace(command.IdNumber) ? null : command.IdNumber.Trim().ToUpperInvariant();
        var email = string.IsNullOrWhiteSpace(command.ContactEmail) ? null : command.ContactEmail.Trim();
        var person = command.ReasonKind is { } kind && kind.IsPerson();
        new Validation()
            .Check(command.HallId > 0, "hallId", "必填")
            .Check(command.WindowId is null or > 0, "windowId", "窗口不存在")
            .Text(command.Matter, "matter", 100)
            .OneOf(command.ReasonKind, "reasonKind", HomeVisitNames.DisplayName)
            .Text(command.ApplicantName, "applicantName", 100)
            .Check(PersonalData.IsMobile(command.ApplicantPhone), "applicantPhone", "请填写 11 位手机号码")
            .Check(idNumber is null ? !person : PersonalData.IsIdNumber(idNumber, ChinaTime.DateOf(runtime.Now)), "idNumber", idNumber is null ? "老年人、残疾人、重病患者须填写身份证号" : "身份证号应为 18 位且校验位正确")
            .Text(command.Address, "address", 200)
            .Check(email is null || PersonalData.IsEmail(email), "contactEmail", "邮箱地址格式不正确")
            .Text(command.Note, "note", 500, required: false)
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var hall = await db.Set<Hall>().AsNoTracking().SingleOrDefaultAsync(h => h.Id == command.HallId, token);
            new Validation().Check(hall is not null, "hallId", "服务中心不存在").ThrowIfInvalid();
            var window = command.WindowId is { } windowId
                ? await db.Set<ServiceWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == windowId && w.HallId == hall!.Id, token)
                : null;
            new Validation().Check(command.WindowId is null || window is not null, "windowId", "窗口不存在或不属于该服务中心").ThrowIfInvalid();

            var orgUnit = window?.OrgUnit ?? $"hall/{hall!.Id}";
            if (!actor.CanSee(orgUnit))
            {
                throw new UnauthorizedAccessException("该服务中心或窗口不在您的职责范围内");
            }

            var data = new HomeVisitData(
                hall!.Id, hall.Name, window?.Id, window is null ? null : $"{window.Code} {window.Name}", command.Matter.Trim(), command.ReasonKind!.Value,
                command.ApplicantName.Trim(), command.ApplicantPhone, idNumber, command.Address.Trim(),
                email, string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), actor.Id, actor.Role);
            var title = $"上门服务（{data.ReasonKind.DisplayName()}）：{data.Matter}";
            return await runtime.StartAsync(db, HomeVisitWorkflow.Name, orgUnit, title, data, actor, token);
        }, ct);
    }
}
