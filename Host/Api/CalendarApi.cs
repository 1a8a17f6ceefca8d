using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.Administration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>The holiday calendar that working-day limits count by: read by anyone signed in, kept by the administrator.</summary>
public static class CalendarApi
{
    public sealed record HolidayPeriodView(DateOnly First, DateOnly Last, string Name);

    public sealed record HolidayYearView(int Year, IReadOnlyList<HolidayPeriodView> Off, IReadOnlyList<DateOnly> MakeUpWorkdays);

    public sealed record HolidayYearRequest(string? Source, string[][]? Off, string[]? MakeUpWorkdays);

    /// <summary>The year as entered, and how many provisional (暂定) limits were counted again by it.</summary>
    public sealed record HolidayYearEntered(HolidayYearView Arrangement, int RecomputedLimits);

    public static RouteGroupBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("节假日").RequireAuthorization();

        group.MapGet("/years", (WorkingCalendar calendar) => TypedResults.Ok(calendar.Arrangements.Select(View)))
            .WithSummary("已录入的各年节假日安排（放假与调休上班）");

        group.MapPut("/years/{year:int}", async Task<Ok<HolidayYearEntered>> (int year, HolidayYearRequest body, HttpContext http, EnterHolidayYearHandler handler, CancellationToken ct) =>
        {
            var (entered, recomputed) = await handler.HandleAsync(new EnterHolidayYear(year, body.Source, body.Off, body.MakeUpWorkdays), http.User.ToActor(), ct);
            return TypedResults.Ok(new HolidayYearEntered(View(entered), recomputed));
        })
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .Idempotent()
            .WithSummary("录入或更正某年的节假日安排（按国务院办公厅通知；off 为 [首日, 末日, 名称]，日期 yyyy-MM-dd）；按此重算暂定的办理时限")
            .ProducesValidationProblem();

        return group;
    }

    private static HolidayYearView View(HolidayYear year) =>
        new(year.Year, [.. year.DaysOff.Select(p => new HolidayPeriodView(p.First, p.Last, p.Name))], year.MakeUpWorkdays);
}
