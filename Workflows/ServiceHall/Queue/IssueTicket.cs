using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Appointments;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>Window staff or a kiosk issue a walk-in ticket (现场取号); everything about the person is optional.</summary>
public sealed record IssueTicket(int ItemId, string? Name, string? Phone, string? IdNumber, string? Email);

public sealed class IssueTicketHandler(WorkflowRuntime runtime, IOptions<QueueOptions> options)
{
    /// <summary>Issues an A-ticket, or throws <see cref="RequestValidationException"/> / <see cref="RuleViolationException"/> and stores nothing.</summary>
    public Task<TicketView> HandleAsync(IssueTicket command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        runtime.EnsureMayStart(TicketWorkflow.Name, actor);
        new Validation()
            .Check(command.ItemId > 0, "itemId", "必填")
            .Text(command.Name, "name", 50, required: false)
            .Check(command.Phone is null || PersonalData.IsMobile(command.Phone), "phone", "请填写 11 位手机号码")
            .Check(command.IdNumber is null || PersonalData.IsIdNumber(command.IdNumber, ChinaTime.DateOf(runtime.Now)), "idNumber", "身份证号码有误（18 位，末位校验）")
            .Check(command.Email is null || PersonalData.IsEmail(command.Email), "email", "请填写有效的电子邮箱")
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var item = await db.Set<ServiceItem>().SingleOrDefaultAsync(i => i.Id == command.ItemId, token);
            new Validation().Check(item is not null, "itemId", "事项不存在").ThrowIfInvalid();
            QueueAccess.DemandHall(actor, item!.HallId);
            var person = new Person(string.IsNullOrWhiteSpace(command.Name) ? null : command.Name.Trim(), command.Phone, command.IdNumber?.ToUpperInvariant(), command.Email?.Trim());
            var personKey = command.IdNumber is null ? null : Booking.PersonKeyOf(command.IdNumber);
            var (ticket, instance) = await TicketIssuer.IssueAsync(runtime, db, new TicketRequest(item, TicketKind.WalkIn, person, personKey), options.Value, actor, token);
            return TicketView.Of(ticket, instance, item.Name);
        }, ct);
    }
}
