using Governance.Workflows.Calendar;
using Governance.Workflows.Privacy;
using Governance.Workflows.Runtime;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>A ticket as staff screens and the citizen see it; phone and ID number masked.</summary>
public sealed record TicketView(
    Guid Id,
    int Version,
    string Number,
    TicketKind Kind,
    string State,
    string StateName,
    int ItemId,
    string ItemName,
    int? WindowId,
    int Trip,
    string? Name,
    string? Phone,
    string? IdNumber,
    DateTimeOffset IssuedAt,
    DateTimeOffset? SlotStartsAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? FinishedAt,
    TimeSpan WaitingTime,
    TimeSpan ServiceTime,
    string? ReturnReason)
{
    internal static TicketView Of(Ticket t, WorkflowInstance instance, string itemName) => Of(t, instance.Version, itemName);

    internal static TicketView Of(Ticket t, int version, string itemName) => new(
        t.Id, version, t.Number, t.Kind, t.State, TicketWorkflow.Definition.States[t.State].DisplayName, t.ItemId, itemName, t.WindowId, t.Trip,
        t.Name, t.Phone is null ? null : PersonalData.MaskPhone(t.Phone), t.IdNumberMasked,
        ChinaTime.ToLocal(t.IssuedAt), t.SlotStartsAt is { } s ? ChinaTime.ToLocal(s) : null,
        t.CalledAt is { } c ? ChinaTime.ToLocal(c) : null, t.FinishedAt is { } f ? ChinaTime.ToLocal(f) : null,
        t.WaitingTime, t.ServiceTime, t.ReturnReason);
}
