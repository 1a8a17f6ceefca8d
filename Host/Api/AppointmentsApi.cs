using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.ServiceHall;
using Governance.Workflows.ServiceHall.Appointments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>预约服务: citizens find sessions and book without an account; they manage a booking with its reference and phone.</summary>
public static class AppointmentsApi
{
    public sealed record ChangeRequest(string Phone, int? NewSlotId, string? Reason);

    public sealed record ChangedResponse(string Reference, string State);

    public static RouteGroupBuilder MapAppointmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/appointments").WithTags("预约服务");

        group.MapGet("/sessions", async (int hallId, int? itemId, DateOnly? from, DateOnly? to, AppointmentQueries queries, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, CancellationToken ct) =>
        {
            var today = ChinaTime.DateOf(clock.GetUtcNow());
            return TypedResults.Ok(await queries.SessionsAsync(hallId, itemId, from ?? today, to ?? today.AddDays(14), ct));
        })
        .WithSummary("可预约的场次与余量（周末、节假日专场标注 isSpecial）");

        group.MapGet("/items", async Task<Results<Ok<IReadOnlyList<ItemSummary>>, NotFound>> (int hallId, CatalogueQueries catalogue, CancellationToken ct) =>
            await catalogue.ItemsAsync(hallId, ct) is { } items ? TypedResults.Ok(items) : TypedResults.NotFound())
            .WithSummary("大厅的事项及其办事指南：所需材料、办理地点、受理窗口、办理时限、注意事项");

        group.MapPost("/", async Task<Created<BookingConfirmation>> (BookAppointment command, BookAppointmentHandler handler, CancellationToken ct) =>
        {
            var booking = await handler.HandleAsync(command, ct);
            return TypedResults.Created($"/api/appointments/{booking.Reference}", booking);
        })
        .Idempotent()
        .WithSummary("预约（姓名、手机号、身份证号、邮箱；返回预约号）")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{reference}", async Task<Results<Ok<BookingView>, NotFound>> (string reference, string phone, AppointmentQueries queries, CancellationToken ct) =>
            await queries.BookingAsync(reference, phone, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("凭预约号和手机号查询预约");

        group.MapGet("/{reference}/calendar", async Task<Results<FileContentHttpResult, NotFound>> (string reference, string phone, AppointmentCalendar calendar, CancellationToken ct) =>
            await calendar.FileAsync(reference, phone, ct) is { } file ? TypedResults.File(file.Content, file.ContentType, file.FileName) : TypedResults.NotFound())
            .WithSummary("凭预约号和手机号下载预约的日历文件（text/calendar .ics，北京时间，含办理地点、所需材料和前一天的提醒；已取消的标为 CANCELLED）");

        group.MapPost("/{reference}/cancel", async (string reference, ChangeRequest body, ChangeAppointmentHandler handler, CancellationToken ct) =>
        {
            var result = await handler.CancelAsync(new ChangeAppointment(reference, body.Phone, null, body.Reason), ct);
            return TypedResults.Ok(new ChangedResponse(reference.ToUpperInvariant(), result.Instance!.State));
        })
        .WithSummary("取消预约（时段开始 2 小时前）");

        group.MapPost("/{reference}/reschedule", async (string reference, ChangeRequest body, ChangeAppointmentHandler handler, CancellationToken ct) =>
        {
            var result = await handler.RescheduleAsync(new ChangeAppointment(reference, body.Phone, body.NewSlotId, body.Reason), ct);
            return TypedResults.Ok(new ChangedResponse(reference.ToUpperInvariant(), result.Instance!.State));
        })
        .WithSummary("改约到同一事项的其他时段（时段开始 2 小时前）")
        .ProducesValidationProblem();

        group.MapPost("/sessions", async Task<Created<object>> (OpenAppointmentSession command, HttpContext http, OpenAppointmentSessionHandler handler, CancellationToken ct) =>
        {
            var session = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/appointments/sessions/{session.Id}", (object)new { session.Id, session.Date, session.IsSpecial, Slots = session.Slots.Count });
        })
        .RequireAuthorization(AuthExtensions.HallManagement)
        .Idempotent()
        .WithSummary("开设预约场次（含周末、节假日专场）")
        .ProducesValidationProblem();

        return group;
    }
}
