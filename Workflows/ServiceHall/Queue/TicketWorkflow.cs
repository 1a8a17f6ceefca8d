using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// What a ticket's instance, its emails and its ledger need; no phone or ID number here.
/// <paramref name="NoShowAfter"/>: how long a called citizen has to come to the window before the
/// ticket is set aside (过号), pinned when the ticket is issued; null on tickets issued before
/// version 2.
/// </summary>
public sealed record TicketData(int HallId, string HallName, string Number, TicketKind Kind, int ItemId, string ItemName, string? BookingReference, string? Name, string? Email, TimeSpan? NoShowAfter = null);

/// <summary>
/// 窗口排队: a ticket waits, is called to a window (叫号, again if need be: 重呼), the citizen comes
/// and is served (办理中), and it is completed (办结) or returned (退回, the citizen must come again);
/// a window may transfer it to another window (转窗口), where it waits again at its old place. A
/// called citizen who does not come in time is set aside (过号) and, coming back, rejoins the queue
/// a few places down (回队). What is left open when the hall's day ends is closed as not served
/// (当日未办), with the reason.
/// </summary>
public static class TicketWorkflow
{
    public const string Name = "queue-ticket";

    public const string Waiting = "Waiting";
    public const string Called = "Called";
    public const string Serving = "Serving";
    public const string SetAside = "SetAside";
    public const string Completed = "Completed";
    public const string Returned = "Returned";
    public const string Unserved = "Unserved";

    public const string Call = "call";
    public const string Recall = "recall";
    public const string Arrive = "arrive";
    public const string Skip = "set-aside";
    public const string Rejoin = "rejoin";
    public const string Transfer = "transfer";
    public const string Complete = "complete";
    public const string Return = "return";
    public const string EndOfDay = "end-of-day";

    /// <summary>The states in which a ticket holds its window (one at a time per window).</summary>
    public static IReadOnlyList<string> AtWindow { get; } = [Called, Serving];

    /// <summary>The states of a ticket not yet finished: its matter has a ticket in the hall.</summary>
    public static IReadOnlyList<string> Open { get; } = [Waiting, Called, Serving, SetAside];

    private static readonly string[] Staff = [Roles.WindowStaff, Roles.HallLead];
    private static readonly string[] StaffOrSystem = [Roles.WindowStaff, Roles.HallLead, Actor.SystemRole];
    private static readonly string[] System = [Actor.SystemRole];

    /// <summary>
    /// A ticket's org unit: its item's queue at its hall (<c>hall/1/item/4</c>), not a window's (any
    /// window serving the item may call it). A live page watches it: a phone its own item's, the
    /// hall's pages everything under <see cref="OrgUnitOf(int)"/>, so a call at one item's window
    /// refreshes the phones of that queue and no other.
    /// </summary>
    public static string OrgUnitOf(int hallId, int itemId) => $"{OrgUnitOf(hallId)}/item/{itemId}";

    /// <summary>
    /// The hall's unit. A change marked here (a window closing, the catalogue, a ticket in a
    /// window's own queue) reaches every live page of the hall, those watching one item included.
    /// </summary>
    public static string OrgUnitOf(int hallId) => $"hall/{hallId}";

    /// <summary>The citizen, when they left an email address.</summary>
    private static readonly RecipientRule Citizen = new("取号人", (context, _) =>
    {
        var d = context.Data<TicketData>();
        return Task.FromResult<IReadOnlyList<Recipient>>(d.Email is null ? [] : [new Recipient(d.Name ?? "您好", d.Email)]);
    });

    /// <summary>
    /// The definition new tickets start on. Version 2 adds 已叫号 before 办理中, 重呼, 过号 and 回队,
    /// and the end-of-day sweep; tickets issued on version 1 finish on <see cref="Version1"/>.
    /// </summary>
    public static WorkflowDefinition Definition { get; } = Create(2);

    public static WorkflowDefinition Version1 { get; } = Create(1);

    private static WorkflowDefinition Create(int version) => WorkflowDefinition.Create(Name, version, "窗口排队", b =>
    {
        // A walk-in's number is taken at a window or the kiosk (IssueTicket); a booked citizen takes theirs by checking in (CheckIn).
        b.StartedBy(Roles.WindowStaff, Roles.HallLead, Roles.Citizen);
        b.State(Waiting, "等候中").Initial();
        b.State(Serving, "办理中");
        b.State(Completed, "已办结").Final();
        b.State(Returned, "已退回").Final()
            .Notify(new NotificationSpec("queue.returned", Citizen, c =>
            {
                var d = c.Data<TicketData>();
                return new { d.Number, d.HallName, d.ItemName };
            }));

        b.Permit(Serving, Transfer, Waiting, "转窗口", Staff);
        b.Permit(Serving, Complete, Completed, "办结", Staff);
        b.Permit(Serving, Return, Returned, "退回", Staff);
        if (version == 1)
        {
            b.Permit(Waiting, Call, Serving, "叫号", Staff);
            return;
        }

        // 叫号 and 重呼 (re)start the citizen's time to come; when it runs out the ticket is set aside.
        b.State(Called, "已叫号")
            .Sla(SlaLimit.Until("叫号后到窗时限（默认 3 分钟，可配置）", c => c.EnteredAt + (c.Instance.GetData<TicketData>().NoShowAfter ?? new QueueOptions().NoShowAfter)), Skip);
        b.State(SetAside, "已过号").OnEnter("记过号", (c, ct) => ChangeTicketAsync(c, t => t.SetAside(c.Now), ct));
        b.State(Unserved, "当日未办").Final().OnEnter("记当日未办及原因", (c, ct) => ChangeTicketAsync(c, t => t.CloseUnserved(c.Reason ?? "当日办理时间结束", c.Now), ct));

        b.Permit(Waiting, Call, Called, "叫号", Staff);
        b.Permit(Called, Recall, Called, "重呼", Staff);
        b.Permit(Called, Arrive, Serving, "到窗办理", Staff);
        b.Permit(Called, Skip, SetAside, "过号", StaffOrSystem);
        b.Permit(SetAside, Rejoin, Waiting, "回队", Staff);

        // A citizen at the window is served at once: 办结, 退回 and 转窗口 also follow 叫号 directly.
        b.Permit(Called, Transfer, Waiting, "转窗口", Staff);
        b.Permit(Called, Complete, Completed, "办结", Staff);
        b.Permit(Called, Return, Returned, "退回", Staff);
        foreach (var open in new[] { Waiting, Called, SetAside })
        {
            b.Permit(open, EndOfDay, Unserved, "当日未办", System);
        }
    });

    /// <summary>The ticket row follows moves the system makes as well as staff (过号 by its timer, the end-of-day sweep).</summary>
    private static async Task ChangeTicketAsync(TransitionContext context, Action<Ticket> change, CancellationToken ct) =>
        change(await context.Db.Set<Ticket>().SingleAsync(t => t.Id == context.Instance.Id, ct));
}
