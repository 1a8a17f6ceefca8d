using Governance.Engine.Calendar;
using Governance.Workflows.Privacy;
using Governance.Workflows.ServiceHall.HomeVisits;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Staff;

/// <summary>上门服务 for the hall lead and staff: review (通过/不通过), schedule, record, close, 补正 (pause and resume the step's clock); its 台账; the applicant's numbers on request, recorded.</summary>
public sealed class HomeVisitModel(
    HomeVisitQueries queries,
    ReviewHomeVisitHandler review,
    ScheduleHomeVisitHandler schedule,
    RecordHomeVisitHandler record,
    CloseHomeVisitHandler close,
    PauseHomeVisitClockHandler pause,
    ResumeHomeVisitClockHandler resume,
    RevealPersonalDataHandler reveal) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public DateTime? At { get; set; }

    [BindProperty]
    public string? Staff { get; set; }

    [BindProperty]
    public HomeVisitOutcome? Outcome { get; set; }

    [BindProperty]
    public int? Trips { get; set; }

    [BindProperty]
    public PersonalField Field { get; set; }

    public HomeVisitView Visit { get; private set; } = null!;

    public Dictionary<PersonalField, string> Revealed { get; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        MoveAsync(() => review.HandleAsync(new ReviewHomeVisit(Id, Approve: true, Note, Shown(Version)), Actor, ct), "已审核通过", ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) =>
        MoveAsync(() => review.HandleAsync(new ReviewHomeVisit(Id, Approve: false, Note, Shown(Version)), Actor, ct), "已审核不通过", ct);

    public Task<IActionResult> OnPostScheduleAsync(CancellationToken ct) =>
        MoveAsync(() => schedule.HandleAsync(new ScheduleHomeVisit(Id, ChinaLocal(At), Staff ?? "", Note, Shown(Version)), Actor, ct), "已安排上门", ct);

    public Task<IActionResult> OnPostRecordAsync(CancellationToken ct) =>
        MoveAsync(() => record.HandleAsync(new RecordHomeVisit(Id, Note ?? "", Outcome, Trips, ChinaLocal(At), Shown(Version)), Actor, ct), "上门记录已填写", ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) =>
        MoveAsync(() => close.HandleAsync(new CloseHomeVisit(Id, Note, Shown(Version)), Actor, ct), "已办结", ct);

    public Task<IActionResult> OnPostPauseAsync(CancellationToken ct) =>
        MoveAsync(() => pause.HandleAsync(new PauseHomeVisitClock(Id, Note, Shown(Version)), Actor, ct), "已通知补正，本环节暂停计时", ct);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken ct) =>
        MoveAsync(() => resume.HandleAsync(new ResumeHomeVisitClock(Id, Note, Shown(Version)), Actor, ct), "已恢复计时", ct);

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        string? value = null;
        if (await TryAsync(async () => value = await reveal.HandleAsync(new RevealPersonalData(RevealSubject.HomeVisit, Id, Field), Actor, ct)))
        {
            Revealed[Field] = value!;
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> MoveAsync(Func<Task<Engine.Runtime.TransitionResult>> move, string said, CancellationToken ct)
    {
        if (await StepAsync(move))
        {
            Done(said);
            return RedirectToPage(new { Id });
        }

        return await ShowAsync(ct);
    }

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => ShowAsync(ct);

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var visit = await queries.GetAsync(Id, Actor, ct);
        if (visit is null)
        {
            return NotFound();
        }

        Visit = visit;
        return Page();
    }
}
