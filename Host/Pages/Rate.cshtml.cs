using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages;

/// <summary>好差评 from the emailed link: rate once on five levels; after a bad rating, follow the rectification and appeal once.</summary>
public sealed class RateModel(RatingQueries queries, RateServiceHandler rate, AppealRectificationHandler appeal) : GovernancePage
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public RatingLevel? Level { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public RatingPage? Rating { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await TryAsync(() => rate.HandleAsync(new RateService(Token, Level, Comment), ct)))
        {
            Done("感谢您的评价！");
            return RedirectToPage(new { Token });
        }

        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAppealAsync(CancellationToken ct)
    {
        if (await StepAsync(() => appeal.HandleAsync(new AppealRectification(Token, Reason), ct)))
        {
            Done("申诉已提交，中心值班领导将复核答复");
            return RedirectToPage(new { Token });
        }

        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct) => (Rating = await queries.PageAsync(Token, ct)) is not null;
}
