using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.SafetyCampaign.Ranking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 三零 monthly ranking (月排名) for the dashboard: the months stored, one month's township table
/// and the places within the reader's scope, also as an Excel file; the administrator may rank a missed month by hand.
/// The schedule ranks each month on the next month's first working day by itself.
/// </summary>
public static class RankingApi
{
    public static RouteGroupBuilder MapRankingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safety/rankings").WithTags("三零·月排名").RequireAuthorization(AuthExtensions.SafetyCampaign);

        group.MapGet("/", async Task<Ok<IReadOnlyList<RankingMonthSummary>>> (int? cityId, HttpContext http, RankingQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.MonthsAsync(http.User.ToActor(), cityId, ct)))
            .WithSummary("已生成的月排名（本市；管理员须指明 cityId）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{month}", async Task<Results<Ok<MonthlyRankingView>, NotFound>> (string month, int? cityId, HttpContext http, RankingQueries queries, CancellationToken ct) =>
            await queries.MonthAsync(http.User.ToActor(), month, cityId, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("某月（yyyy-MM）排名：各镇排名表，及职责范围内各村（社区）、单位的排名与当时冻结的数据（镇级领导见本镇各村）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{month}/ranking.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (string month, int? cityId, HttpContext http, RankingExport export, CancellationToken ct) =>
            (await export.ExportAsync(http.User.ToActor(), month, cityId, ct)).Download())
            .WithSummary("导出某月（yyyy-MM）月排名与月通报（Excel .xlsx：月通报、各镇排名，及职责范围内各镇的村（社区）、单位排名；管理员须指明 cityId）")
            .ProducesReport();

        group.MapPost("/{month}", async Task<Ok<IReadOnlyList<RankingComputed>>> (string month, HttpContext http, ComputeMonthlyRanking compute, CancellationToken ct) =>
        {
            var actor = http.User.ToActor();
            if (actor.Role != Roles.Admin)
            {
                throw new UnauthorizedAccessException("只有管理员可以手动生成月排名");
            }

            new Validation().Check(CalendarMonth.TryParse(month, out var period), "month", CalendarMonth.FormatHint).ThrowIfInvalid();
            return TypedResults.Ok(await compute.RunAsync(period, actor, ct));
        })
        .WithSummary("管理员手动生成已结束月份的排名并发送通报（已生成的月份原样返回，不重算、不重发）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        return group;
    }
}
