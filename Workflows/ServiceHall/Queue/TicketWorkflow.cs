using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>What a ticket's instance, its emails and its ledger need; no phone or ID number here.</summary>
public sealed record TicketData(int HallId, string HallName, string Number, TicketKind Kind, int ItemId, string ItemName, string? BookingReference, string? Name, string? Email);

/// <summary>
/// 窗口排队: a ticket waits, is called to a window, and is completed (办结) or returned (退回,
/// the citizen must come again); a window may transfer it to another window (转窗口), where it
/// waits again at its old place.
/// </summary>
public static class TicketWorkflow
{
    public const string Name = "queue-ticket";

    public const string Waiting = "Waiting";
    public const string Serving = "Serving";
    public const string Completed = "Completed";
    public const string Returned = "Returned";

    public const string Call = "call";
    public const string Transfer = "transfer";
    public const string Complete = "complete";
    public const string Return = "return";

    private static readonly string[] Staff = [Roles.WindowStaff, Roles.HallLead];

    /// <summary>A ticket's org unit: its hall's, not a window's (any window serving its item may call it).</summary>
    public static string OrgUnitOf(int hallId) => $"hall/{hallId}";

    /// <summary>The citizen, when they left an email address.</summary>
    private static readonly RecipientRule Citizen = new("取号人", (context, _) =>
    {
        var d = context.Data<TicketData>();
        return Task.FromResult<IReadOnlyList<Recipient>>(d.Email is null ? [] : [new Recipient(d.Name ?? "您好", d.Email)]);
    });

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "窗口排队", b =>
    {
        // A walk-in's number is taken at a window (IssueTicket); a booked citizen takes theirs by checking in (CheckIn).
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

        b.Permit(Waiting, Call, Serving, "叫号", Staff);
        b.Permit(Serving, Transfer, Waiting, "转窗口", Staff);
        b.Permit(Serving, Complete, Completed, "办结", Staff);
        b.Permit(Serving, Return, Returned, "退回", Staff);
    });
}
