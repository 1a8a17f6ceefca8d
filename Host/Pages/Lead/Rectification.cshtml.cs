using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Lead;

/// <summary>A bad rating's rectification (差评整改) for the hall lead: each step with its note, in order; its 台账.</summary>
public sealed class RectificationModel(RatingQueries queries, TakeRectificationStepHandler steps) : GovernancePage
{
    /// <summary>The steps a lead takes, by the workflow's trigger, with what the page calls them.</summary>
    public static readonly IReadOnlyList<(string Trigger, RectificationStep Step, string Name)> Steps =
    [
        (RectificationWorkflow.CallBack, RectificationStep.CallBack, "回访"),
        (RectificationWorkflow.Verify, RectificationStep.Verify, "核实"),
        (RectificationWorkflow.Rectify, RectificationStep.Rectify, "整改"),
        (RectificationWorkflow.ReportBack, RectificationStep.ReportBack, "反馈群众（邮件）"),
        (RectificationWorkflow.Review, RectificationStep.Review, "复核答复（邮件）"),
    ];

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public RectificationStep Step { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public RectificationView Rectification { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await StepAsync(() => steps.HandleAsync(new TakeRectificationStep(Id, Step, Note, Shown(Version)), Actor, ct)))
        {
            Done("已记录");
            return RedirectToPage(new { Id });
        }

        return await ShowAsync(ct);
    }

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => ShowAsync(ct);

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var view = await queries.RectificationAsync(Id, Actor, ct);
        if (view is null)
        {
            return NotFound();
        }

        Rectification = view;
        return Page();
    }
}
