using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// A ticket as staff screens and the citizen see it; phone and ID number masked.
/// <paramref name="TransferredFrom"/> (the sending window, e.g. <c>A01 商品房合同备案</c>) and
/// <paramref name="TransferReason"/> say where a transferred ticket came from and why;
/// <paramref name="SetAsideAt"/> and <paramref name="SetAsideCount"/> when and how often it was set
/// aside (过号); <paramref name="UnservedReason"/> why the day ended without serving it.
/// </summary>
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
    string? ReturnReason,
    string? TransferredFrom,
    string? TransferReason,
    DateTimeOffset? SetAsideAt,
    int SetAsideCount,
    string? UnservedReason)
{
    internal static TicketView Of(Ticket t, WorkflowInstance instance, string itemName, string? transferredFrom = null) => Of(t, instance.Version, itemName, transferredFrom);

    internal static TicketView Of(Ticket t, int version, string itemName, string? transferredFrom) => new(
        t.Id, version, t.Number, t.Kind, t.State, TicketWorkflow.Definition.States[t.State].DisplayName, t.ItemId, itemName, t.WindowId, t.Trip,
        t.Name, t.Phone is null ? null : PersonalData.MaskPhone(t.Phone), t.IdNumberMasked,
        ChinaTime.ToLocal(t.IssuedAt), t.SlotStartsAt is { } s ? ChinaTime.ToLocal(s) : null,
        t.CalledAt is { } c ? ChinaTime.ToLocal(c) : null, t.FinishedAt is { } f ? ChinaTime.ToLocal(f) : null,
        t.WaitingTime, t.ServiceTime, t.ReturnReason, transferredFrom, t.TransferReason,
        t.SetAsideAt is { } a ? ChinaTime.ToLocal(a) : null, t.SetAsideCount, t.UnservedReason);
}
