using Governance.Host.Auth;
using Governance.Host.Pages.Hall;
using Governance.Host.Live;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.OutputCaching;

namespace Governance.Host.Pages.Staff;

/// <summary>
/// A window's screen (窗口叫号): who is called or being served and who waits, in call order, and
/// the tickets it set aside today, refreshed without reload; call next, 重呼, 到窗办理, 过号, 回队,
/// transfer, return, complete, close for the day; and, for the ticket at the window, its numbers
/// in full on request, each reveal recorded.
/// </summary>
[OutputCache(PolicyName = LiveParts.Policy)]
public sealed class WindowModel(
    QueueQueries queue,
    CatalogueQueries catalogue,
    CallNextHandler callNext,
    ServeTicketHandler serve,
    CloseWindowHandler close,
    RevealPersonalDataHandler reveal,
    IOptions<QueueOptions> options,
    IOptions<LiveOptions> live,
    FloorKeys floorKeys) : GovernancePage
{
    public const string Complete = "complete";
    public const string Return = "return";
    public const string Transfer = "transfer";

    [BindProperty(SupportsGet = true)]
    public int? WindowId { get; set; }

    [BindProperty]
    public Guid TicketId { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public int ToWindowId { get; set; }

    [BindProperty]
    public PersonalField Field { get; set; }

    /// <summary>重呼, 到窗办理, 过号 or 回队 (<see cref="TicketWorkflow"/>'s triggers).</summary>
    [BindProperty]
    public string? Step { get; set; }

    public WindowQueueView Queue { get; private set; } = null!;

    /// <summary>The hall of the window, for the link to its big screen.</summary>
    public int HallId => Actor.HallId() ?? 0;

    /// <summary>The hall's kiosk link (<see cref="FloorKeys.ForKiosk"/>), to open on the kiosk PC.</summary>
    public string KioskLink => $"/hall/kiosk/{Uri.EscapeDataString(floorKeys.ForKiosk(HallId))}";

    /// <summary>How long a called citizen has to come before the ticket is set aside (过号).</summary>
    public TimeSpan NoShowAfter => options.Value.NoShowAfter;

    public IReadOnlyList<WindowSummary> HallWindows { get; private set; } = [];

    /// <summary>Numbers shown in full on this response only (never stored in the page's cookie or address).</summary>
    public Dictionary<(Guid Ticket, PersonalField Field), string> Revealed { get; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>
    /// What the waiting list watches: the queues of the window's items, each of which is also told
    /// of what changes for the whole hall (a ticket in a window's own queue, a window closed, the
    /// catalogue). So a window is not refreshed for a ticket of an item it does not serve. The whole
    /// hall when it serves none, or more than one event stream may watch.
    /// </summary>
    public string LiveTopics => Queue.Items.Count > 0 && Queue.Items.Count <= live.Value.MaxTopics
        ? string.Join(';', Queue.Items.Select(item => new LiveTopic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(HallId, item))))
        : new LiveTopic(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(HallId)).ToString();

    /// <summary>The waiting list alone, for the page to refresh when a ticket of its queues moves.</summary>
    public async Task<IActionResult> OnGetWaitingAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? LivePart("_Waiting", Queue) : Denied();

    public async Task<IActionResult> OnPostCallNextAsync(CancellationToken ct)
    {
        TicketView? called = null;
        if (await WindowChosenAsync(ct) && await TryAsync(async () => called = await callNext.HandleAsync(WindowId!.Value, Actor, ct)))
        {
            Done(called is null ? "暂无等候的号" : $"已叫号 {called.Number}（{called.ItemName}）");
            return RedirectToPage(new { WindowId });
        }

        return await ShowAsync(ct);
    }

    public Task<IActionResult> OnPostCompleteAsync(CancellationToken ct) =>
        MoveAsync(Form(Complete, TicketId), () => serve.CompleteAsync(new CompleteTicket(TicketId, Text, Shown(Version)), Actor, ct), t => $"{t.Number} 已办结", ct);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        MoveAsync(Form(Return, TicketId), () => serve.ReturnAsync(new ReturnTicket(TicketId, Text ?? "", Shown(Version)), Actor, ct), t => $"{t.Number} 已退回", ct);

    public Task<IActionResult> OnPostStepAsync(CancellationToken ct) =>
        MoveAsync(Form(Step ?? "", TicketId), () => serve.StepAsync(new CallStep(TicketId, Step ?? "", Shown(Version)), Actor, ct), t => $"{t.Number} {t.StateName}", ct);

    public Task<IActionResult> OnPostTransferAsync(CancellationToken ct) =>
        MoveAsync(Form(Transfer, TicketId), () => serve.TransferAsync(new TransferTicket(TicketId, ToWindowId, Text, Shown(Version)), Actor, ct), t => $"{t.Number} 已转窗口", ct);


    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        CloseWindowResult? result = null;
        if (await WindowChosenAsync(ct) && await TryAsync(async () => result = await close.HandleAsync(WindowId!.Value, Actor, ct)))
        {
            if (result!.Closed)
            {
                Done(result.ExtendedHoursId is null ? "今日已闭窗" : "今日已闭窗，延时服务中的号继续办理");
                return RedirectToPage(new { WindowId });
            }

            Problems.Add($"窗口仍有须当日办结的号：{string.Join("、", result.PendingTickets)}。请办结或转窗口，或登记延时服务后再闭窗；已通知中心值班领导。");
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        string? value = null;
        if (await TryAsync(async () => value = await reveal.HandleAsync(new RevealPersonalData(RevealSubject.Ticket, TicketId, Field), Actor, ct)))
        {
            Revealed[(TicketId, Field)] = value!;
        }

        return await ShowAsync(ct);
    }

    /// <summary>Which form of which ticket a refusal belongs to: each served ticket has its own 办结, 退回 and 转窗口 forms.</summary>
    public static string Form(string action, Guid ticket) => $"{action}-{ticket}";

    private async Task<IActionResult> MoveAsync(string form, Func<Task<TicketView>> move, Func<TicketView, string> said, CancellationToken ct)
    {
        TicketView? moved = null;
        if (await TryAsync(form, async () => moved = await move()))
        {
            Done(said(moved!));
            return RedirectToPage(new { WindowId });
        }

        return await ShowAsync(ct);
    }

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => ShowAsync(ct);

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Denied();
        }

        HallWindows = await catalogue.WindowsAsync(Actor.HallId() ?? 0, ct);
        return Page();
    }

    /// <summary>The window asked for, else the actor's own; a hall lead without one gets the hall's first.</summary>
    private async Task<bool> WindowChosenAsync(CancellationToken ct)
    {
        WindowId ??= Actor.WindowId() ?? (await catalogue.WindowsAsync(Actor.HallId() ?? 0, ct)).FirstOrDefault()?.Id;
        return WindowId is not null;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!await WindowChosenAsync(ct))
        {
            return false;
        }

        try
        {
            Queue = await queue.WindowAsync(WindowId!.Value, Actor, ct);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
