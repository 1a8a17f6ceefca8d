using Governance.Engine;
using Governance.Host.Auth;
using Governance.Host.Pages.Hall;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Api;

/// <summary>窗口排队: check in, walk-in tickets, call next, 重呼/到窗/过号/回队, transfer, return, complete, the window's queue, the big screen, a ticket's progress, closing time, trip counts, the lead's figures (also as Excel).</summary>
public static class QueueApi
{
    public sealed record QueueTransferRequest(int ToWindowId, string? Reason, int? ExpectedVersion);

    public sealed record QueueReturnRequest(string Reason, int? ExpectedVersion);

    public sealed record QueueCompleteRequest(string? Note, int? ExpectedVersion);

    public sealed record QueueStepRequest(int? ExpectedVersion);

    public sealed record WindowClosedResponse(int WindowId, bool UnderExtendedHours, Guid? ExtendedHoursId, IReadOnlyList<string> RemainingTickets);

    public static RouteGroupBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/queue").WithTags("窗口排队");

        group.MapPost("/check-in", async Task<Created<TicketView>> (CheckIn command, CheckInHandler handler, CancellationToken ct) =>
        {
            var ticket = await handler.HandleAsync(command, ct);
            return TypedResults.Created($"/api/queue/tickets/{ticket.Id}", ticket);
        })
        .Idempotent()
        .WithSummary("预约签到取号（凭预约号和手机号，无需登录；返回 B 字头排队号）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        var staff = group.MapGroup("").RequireAuthorization(AuthExtensions.HallStaff);

        staff.MapPost("/tickets", async Task<Created<TicketView>> (IssueTicket command, HttpContext http, IssueTicketHandler handler, CancellationToken ct) =>
        {
            var ticket = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/queue/tickets/{ticket.Id}", ticket);
        })
        .Idempotent()
        .WithSummary("现场取号（A 字头；姓名、手机号、身份证号、邮箱均可不填）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/windows/{windowId:int}/call-next", async Task<Results<Ok<TicketView>, NoContent>> (int windowId, HttpContext http, CallNextHandler handler, CancellationToken ct) =>
            await handler.HandleAsync(windowId, http.User.ToActor(), ct) is { } ticket ? TypedResults.Ok(ticket) : TypedResults.NoContent())
            .WithSummary("叫号：本窗口的下一个号（到时的预约号优先，其余按取号先后；两人不会叫到同一个号）")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapPost("/tickets/{id:guid}/transfer", (Guid id, QueueTransferRequest body, HttpContext http, ServeTicketHandler handler, CancellationToken ct) =>
            OkAsync(handler.TransferAsync(new TransferTicket(id, body.ToWindowId, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("转窗口（保留原排队位置）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/tickets/{id:guid}/return", (Guid id, QueueReturnRequest body, HttpContext http, ServeTicketHandler handler, CancellationToken ct) =>
            OkAsync(handler.ReturnAsync(new ReturnTicket(id, body.Reason, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("退回（须填写原因，如材料不全；群众再来时计为同一事项的第二次）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/tickets/{id:guid}/complete", (Guid id, QueueCompleteRequest body, HttpContext http, ServeTicketHandler handler, CancellationToken ct) =>
            OkAsync(handler.CompleteAsync(new CompleteTicket(id, body.Note, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
            .WithSummary("办结")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        foreach (var (trigger, summary) in new[]
        {
            (TicketWorkflow.Recall, "重呼（大屏再次播报；到窗时限重新计算）"),
            (TicketWorkflow.Arrive, "到窗办理（群众已到窗口，开始计办理时长）"),
            (TicketWorkflow.Skip, "过号（叫号后未到；超过到窗时限时自动过号）"),
            (TicketWorkflow.Rejoin, "过号后回队（排在所在队列接下来的几位之后，位数由大厅设定）"),
        })
        {
            staff.MapPost($"/tickets/{{id:guid}}/{trigger}", (Guid id, QueueStepRequest body, HttpContext http, ServeTicketHandler handler, CancellationToken ct) =>
                OkAsync(handler.StepAsync(new CallStep(id, trigger, StepVersion.Required(body.ExpectedVersion)), http.User.ToActor(), ct)))
                .WithSummary(summary)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        group.MapGet("/halls/{hallId:int}/screen", async Task<Results<Ok<HallScreen>, NotFound>> (int hallId, HallFloorQueries floor, CancellationToken ct) =>
            await floor.ScreenAsync(hallId, ct) is { } screen ? TypedResults.Ok(screen) : TypedResults.NotFound())
            .WithSummary("叫号大屏：正在叫的号及窗口、最近叫过的号、各事项等候人数（无个人信息，无需登录）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/ticket-status", async Task<Results<Ok<TicketStatus>, NotFound>> (string key, FloorKeys keys, HallFloorQueries floor, CancellationToken ct) =>
            keys.Ticket(key) is { } id && await floor.TicketAsync(id, ct) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound())
            .WithSummary("凭取号凭条二维码查看排队进度：前面还有几人、预计等候时间（无个人信息，无需登录）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapGet("/windows/{windowId:int}", async Task<Ok<WindowQueueView>> (int windowId, HttpContext http, QueueQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.WindowAsync(windowId, http.User.ToActor(), ct)))
            .WithSummary("本窗口的排队情况（办理中与等候中，按叫号顺序；手机号、身份证号脱敏）")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapPost("/windows/{windowId:int}/close", async Task<Results<Ok<WindowClosedResponse>, ProblemHttpResult>> (int windowId, HttpContext http, CloseWindowHandler handler, CancellationToken ct) =>
        {
            var result = await handler.HandleAsync(windowId, http.User.ToActor(), ct);
            return result.Closed
                ? TypedResults.Ok(new WindowClosedResponse(windowId, result.ExtendedHoursId is not null, result.ExtendedHoursId, result.PendingTickets))
                : TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "窗口仍有须当日办结的号",
                    Detail = $"{string.Join("、", result.PendingTickets)} 尚未办结。请办结或转窗口，或登记延时服务后再闭窗；已通知中心值班领导。",
                    Extensions = { ["tickets"] = result.PendingTickets },
                });
        })
        .WithSummary("当日闭窗（仍有未办结的号时拒绝并通知值班领导，已登记延时服务的除外）")
        .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/trips", async Task<Ok<TripStats>> (int hallId, DateOnly? from, DateOnly? to, HttpContext http, QueueQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken ct) =>
        {
            var today = ChinaTime.DateOf(clock.GetUtcNow());
            return TypedResults.Ok(await queries.TripsAsync(hallId, from ?? today, to ?? today, http.User.ToActor(), ct));
        })
        .RequireAuthorization(AuthExtensions.HallManagement)
        .WithSummary("一人一窗一次统计：按事项、按窗口的办结事项数、跑动次数与多次跑动（含退回数、平均等候与办理时长）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/figures", async Task<Results<Ok<HallFigures>, NotFound>> (int hallId, string? period, HttpContext http, HallFiguresQueries figures, CancellationToken ct) =>
            await figures.FiguresAsync(hallId, period, http.User.ToActor(), ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .RequireAuthorization(AuthExtensions.HallManagement)
            .WithSummary("大厅运行数据（中心值班领导）：今日或本月各窗口、各事项的办理数、平均与最长等候、平均办理时长、过号、当日未办、预约守约率，及按小时的取号与办理曲线（period=today、month 或 yyyy-MM，北京时间）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/figures.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (int hallId, string? period, HttpContext http, HallFiguresExport export, CancellationToken ct) =>
            (await export.ExportAsync(http.User.ToActor(), hallId, period, ct)).Download())
            .RequireAuthorization(AuthExtensions.HallManagement)
            .WithSummary("导出大厅运行数据（Excel .xlsx；各窗口、各事项、各时段三张表，时长以分钟计，不含群众信息；period=today、month 或 yyyy-MM）")
            .ProducesReport();

        return group;
    }

    private static async Task<Ok<TicketView>> OkAsync(Task<TicketView> move) => TypedResults.Ok(await move);
}
