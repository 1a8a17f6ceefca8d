using Governance.Host.Auth;
using Governance.Workflows.ServiceHall.Ratings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 好差评: the citizen opens, rates and appeals through the link's token without an account;
/// staff invite for a served matter; the hall lead works the rectifications and reads the
/// monthly rollup of their hall, also as an Excel file.
/// </summary>
public static class RatingsApi
{
    public sealed record RatingRequest(RatingLevel? Level, string? Comment);

    public sealed record RatingAppealRequest(string? Reason);

    public sealed record RatingInvitationCreated(Guid Id, Guid ServiceId, DateTimeOffset ExpiresAt);

    public sealed record RectificationStepRequest(string? Note, int? ExpectedVersion);

    public static RouteGroupBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ratings").WithTags("好差评");

        group.MapPost("/invitations", async Task<Created<RatingInvitationCreated>> (InviteRating command, HttpContext http, InviteRatingHandler handler, CancellationToken ct) =>
        {
            // The link stays out of the answer: whoever served must not be able to rate themself.
            var issued = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/ratings/invitations/{issued.Id}", new RatingInvitationCreated(issued.Id, issued.ServiceId, issued.ExpiresAt));
        })
        .RequireAuthorization(AuthExtensions.HallStaff)
        .Idempotent()
        .WithSummary("为已办结的服务发送评价邀请邮件（窗口工作人员、中心值班领导；链接 7 天内有效）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{token:length(32)}", async Task<Results<Ok<RatingPage>, NotFound>> (string token, RatingQueries queries, CancellationToken ct) =>
            await queries.PageAsync(token, ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound())
            .WithSummary("凭评价链接查看所评服务（服务中心、窗口、事项、日期；不含个人信息）与整改进度");

        group.MapPost("/{token:length(32)}", async Task<Ok<RatingReceipt>> (string token, RatingRequest body, RateServiceHandler handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(new RateService(token, body.Level, body.Comment), ct)))
            .WithSummary("评价（非常满意、满意、基本满意、不满意、非常不满意，可附 500 字以内意见；只能评价一次，差评自动转整改）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{token:length(32)}/appeal", async Task<Ok<InstanceState>> (string token, RatingAppealRequest body, AppealRectificationHandler handler, CancellationToken ct) =>
            TypedResults.Ok(InstanceState.Of((await handler.HandleAsync(new AppealRectification(token, body.Reason), ct)).Instance!)))
            .WithSummary("对整改反馈提出申诉（反馈后 7 天内，只能申诉一次；转中心值班领导复核）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var lead = group.MapGroup("/rectifications").RequireAuthorization();
        lead.MapGet("/{id:guid}", async Task<Results<Ok<RectificationView>, NotFound>> (Guid id, HttpContext http, RatingQueries queries, CancellationToken ct) =>
            await queries.RectificationAsync(id, http.User.ToActor(), ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("差评整改详情与台账（中心值班领导；含回访所需的群众邮箱）");

        foreach (var (path, step, summary) in new[]
        {
            ("call-back", RectificationStep.CallBack, "回访：记录回访群众的情况"),
            ("verify", RectificationStep.Verify, "核实：记录核实结果"),
            ("rectify", RectificationStep.Rectify, "整改：记录整改措施"),
            ("report-back", RectificationStep.ReportBack, "反馈：将整改结果通过邮件告知群众，开始申诉期"),
            ("review", RectificationStep.Review, "复核答复：答复群众的申诉并办结"),
        })
        {
            lead.MapPost($"/{{id:guid}}/{path}", (Guid id, RectificationStepRequest body, HttpContext http, TakeRectificationStepHandler handler, CancellationToken ct) =>
                InstanceState.AfterAsync(handler.HandleAsync(new TakeRectificationStep(id, step, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary($"{summary}（中心值班领导，须填写说明）")
            .ProducesValidationProblem();
        }

        group.MapGet("/rollup", async Task<Results<Ok<MonthlyRatings>, NotFound>> (int hallId, string? month, HttpContext http, RatingQueries queries, CancellationToken ct) =>
            await queries.MonthlyAsync(hallId, month, http.User.ToActor(), ct) is { } rollup ? TypedResults.Ok(rollup) : TypedResults.NotFound())
            .RequireAuthorization(AuthExtensions.HallManagement)
            .WithSummary("本服务中心各窗口月度好差评统计（按评价日期，北京时间；各等级数、满意率、差评数、整改在办/已办结/超期）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/rollup.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (int hallId, string? month, HttpContext http, RatingsExport export, CancellationToken ct) =>
            (await export.ExportAsync(http.User.ToActor(), hallId, month, ct)).Download())
            .RequireAuthorization(AuthExtensions.HallManagement)
            .WithSummary("导出本服务中心各窗口月度好差评统计（Excel .xlsx；各等级数、满意率、差评数、整改情况，不含群众信息；month=yyyy-MM）")
            .ProducesReport();

        return group;
    }
}
