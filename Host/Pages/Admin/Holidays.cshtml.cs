using System.Globalization;
using Governance.Host.Pages.Shared;
using Governance.Engine.Calendar;
using Governance.Workflows.Administration;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// The holiday years in force, and a year entered or corrected from the State Council's notice
/// (国务院办公厅关于部分节假日安排的通知) through <see cref="EnterHolidayYearHandler"/>, which checks it.
/// </summary>
public sealed class HolidaysModel(WorkingCalendar calendar, EnterHolidayYearHandler enter) : GovernancePage
{
    /// <summary>Blank rows the form offers: more than any year's seven holidays, and its make-up days.</summary>
    private const int PeriodRows = 9;

    private const int MakeUpRows = 8;

    /// <summary>A period off as the form posts it: dates yyyy-MM-dd, checked by the use case.</summary>
    public sealed class PeriodRow
    {
        public string? First { get; set; }

        public string? Last { get; set; }

        public string? Name { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(First) && string.IsNullOrWhiteSpace(Last) && string.IsNullOrWhiteSpace(Name);
    }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public List<PeriodRow> Periods { get; set; } = [];

    [BindProperty]
    public List<string?> MakeUp { get; set; } = [];

    public IReadOnlyList<HolidayYear> Years => [.. calendar.Arrangements.OrderByDescending(y => y.Year)];

    /// <summary>The form, filled with <see cref="Year"/>'s arrangement in force when correcting it.</summary>
    public IActionResult OnGet()
    {
        if (calendar.Arrangements.FirstOrDefault(y => y.Year == Year) is { } year)
        {
            Periods = [.. year.DaysOff.Select(p => new PeriodRow { First = Show.Date(p.First), Last = Show.Date(p.Last), Name = p.Name })];
            MakeUp = [.. year.MakeUpWorkdays.Select(d => (string?)Show.Date(d))];
        }

        return Form();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Blank rows are left out; the rows sent come first again, so that off[i] is the i-th row shown.
        Periods = [.. Periods.Where(p => !p.IsBlank)];
        MakeUp = [.. MakeUp.Where(d => !string.IsNullOrWhiteSpace(d))];
        var command = new EnterHolidayYear(
            Year ?? 0,
            Source,
            [.. Periods.Select(p => new[] { p.First?.Trim() ?? "", p.Last?.Trim() ?? "", p.Name?.Trim() ?? "" })],
            [.. MakeUp.Select(d => d!.Trim())]);
        var recomputed = 0;
        if (await TryAsync(async () => (_, recomputed) = await enter.HandleAsync(command, Actor, ct)))
        {
            Done(string.Create(CultureInfo.InvariantCulture, $"{Year} 年节假日安排已录入，即日起按此计算工作日；{recomputed} 件事项的暂定时限已按此重算"));
            return RedirectToPage();
        }

        return Form();
    }

    /// <summary>The messages for an entry and everything under it: <c>off[2]</c> also takes <c>off[2][0]</c>'s.</summary>
    public string? ErrorsUnder(string field)
    {
        // Keys differ in case where the model binder wrote them (Year) and the use case (year).
        var entries = ModelState
            .Where(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase) || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase))
            .ToList();
        entries.ForEach(e => Shown(e.Key));
        var messages = entries.SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage)).Distinct().ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private IActionResult Form()
    {
        while (Periods.Count < PeriodRows)
        {
            Periods.Add(new PeriodRow());
        }

        while (MakeUp.Count < MakeUpRows)
        {
            MakeUp.Add(null);
        }

        return Page();
    }
}
