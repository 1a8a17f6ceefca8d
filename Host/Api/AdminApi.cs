using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.ServiceHall;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// What the administrator keeps (系统管理): the 三零 organisation (townships, villages, communities
/// and units, their linkage rosters, departments) and the halls' catalogue (hours, windows, items);
/// the items' 办事指南 also by the hall lead, for their own hall. Reading them is
/// <see cref="SafetyCampaignApi"/>'s and the pages'. Officials' and staff's accounts are users, made apart.
/// </summary>
public static class AdminApi
{
    public sealed record PlaceRequest(string? Code, string? Name, PlaceKind? Kind);

    public sealed record RosterMemberRequest(RosterRole? Role, string? Title, string? Name);

    public sealed record NameRequest(string? Name);

    public sealed record EmailRequest(string? Email);

    public sealed record HoursRequest(DayOfWeek? Day, IReadOnlyList<HoursInterval>? Intervals);

    public sealed record WindowRequest(string? Code, string? Name);

    public sealed record ItemRequest(string? Code, string? Name, IReadOnlyList<int>? WindowIds);

    public sealed record WindowIdsRequest(IReadOnlyList<int>? WindowIds);

    /// <summary>办事指南: 办理地点, 所需材料 (one paper each), 注意事项, 办理时限; what is left out is blank.</summary>
    public sealed record GuideRequest(string? Location, IReadOnlyList<string?>? Materials, string? Notes, string? TimeLimit);

    public sealed record ItemGuide(int Id, string Code, string Name, ServiceGuide Guide);

    public sealed record Added(int Id, string Code, string Name);

    public sealed record DayHours(DayOfWeek Day, IReadOnlyList<string> Intervals);

    public sealed record ItemWindows(int Id, string Code, IReadOnlyList<int> WindowIds);

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        MapOrganisation(admin.MapGroup("/organisation").WithTags("系统管理·组织与名册"));
        MapHalls(admin.MapGroup("").WithTags("系统管理·大厅、窗口与事项"));

        // The 办事指南 is also the hall lead's to keep, for their own hall's items.
        MapGuides(app.MapGroup("/api/admin").RequireAuthorization(AuthExtensions.HallManagement).WithTags("系统管理·大厅、窗口与事项"));
        admin.MapGroup("/workflows").WithTags("系统管理·流程版本").MapAdminWorkflows();
        admin.MapGroup("/instances").WithTags("系统管理·实例").MapAdminInstances();
        return admin;
    }

    private static void MapOrganisation(RouteGroupBuilder group)
    {
        group.MapPost("/townships", async Task<Created<Added>> (AddTownship command, HttpContext http, AddTownshipHandler handler, CancellationToken ct) =>
        {
            var township = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created($"/api/safety/townships/{township.Id}/places", new Added(township.Id, township.Code, township.Name));
        })
        .Idempotent()
        .WithSummary("新增镇（乡、街道）；kind 为 town、xiang 或 subdistrict")
        .ProducesValidationProblem();

        group.MapPost("/townships/{townshipId:int}/places", async Task<Created<Added>> (int townshipId, PlaceRequest body, HttpContext http, AddPlaceHandler handler, CancellationToken ct) =>
        {
            var place = await handler.HandleAsync(new AddPlace(townshipId, body.Code, body.Name, body.Kind), http.User.ToActor(), ct);
            return TypedResults.Created($"/api/safety/townships/{townshipId}/places", new Added(place.Id, place.Code, place.Name));
        })
        .Idempotent()
        .WithSummary("为镇新增村（社区）或单位；kind 为 village、community 或 unit")
        .ProducesValidationProblem();

        group.MapPost("/places/{placeId:int}/roster", async Task<Created<RosterView>> (int placeId, RosterMemberRequest body, HttpContext http, ChangeRosterHandler handler, CancellationToken ct) =>
        {
            var member = await handler.HandleAsync(new AddRosterMember(placeId, body.Role, body.Title, body.Name), http.User.ToActor(), ct);
            return TypedResults.Created($"/api/admin/organisation/places/{placeId}/roster/{member.Id}", new RosterView(member.Id, member.Role, member.Title, member.Name));
        })
        .Idempotent()
        .WithSummary("联动名册（一村一警一员一连+N）增加一人；民警、调解员、民兵连、第一书记每村一人")
        .ProducesValidationProblem();

        group.MapDelete("/places/{placeId:int}/roster/{memberId:int}", async Task<NoContent> (int placeId, int memberId, HttpContext http, ChangeRosterHandler handler, CancellationToken ct) =>
        {
            await handler.HandleAsync(new RemoveRosterMember(placeId, memberId), http.User.ToActor(), ct);
            return TypedResults.NoContent();
        })
        .WithSummary("从联动名册移除一人（已登记的矛盾纠纷保留当时的承办人）")
        .ProducesValidationProblem();

        group.MapPost("/departments", async Task<Created<Added>> (AddDepartment command, HttpContext http, KeepDepartmentsHandler handler, CancellationToken ct) =>
        {
            var department = await handler.HandleAsync(command, http.User.ToActor(), ct);
            return TypedResults.Created("/api/safety/departments", new Added(department.Id, department.Code, department.Name));
        })
        .Idempotent()
        .WithSummary("新增市直部门（事权随部署数据维护）")
        .ProducesValidationProblem();

        group.MapPut("/departments/{departmentId:int}/name", async Task<Ok<Added>> (int departmentId, NameRequest body, HttpContext http, KeepDepartmentsHandler handler, CancellationToken ct) =>
        {
            var department = await handler.HandleAsync(new RenameDepartment(departmentId, body.Name), http.User.ToActor(), ct);
            return TypedResults.Ok(new Added(department.Id, department.Code, department.Name));
        })
        .WithSummary("部门更名")
        .ProducesValidationProblem();

        group.MapPut("/departments/{departmentId:int}/email", async Task<Ok<Added>> (int departmentId, EmailRequest body, HttpContext http, KeepDepartmentsHandler handler, CancellationToken ct) =>
        {
            var department = await handler.HandleAsync(new SetDepartmentEmail(departmentId, body.Email), http.User.ToActor(), ct);
            return TypedResults.Ok(new Added(department.Id, department.Code, department.Name));
        })
        .WithSummary("设置部门办公邮箱（联合办理中本部门承办部分的临期与超期提醒发往此处；留空为不设）")
        .ProducesValidationProblem();
    }

    private static void MapHalls(RouteGroupBuilder group)
    {
        group.MapPut("/halls/{hallId:int}/hours", async Task<Ok<DayHours>> (int hallId, HoursRequest body, HttpContext http, SetHallHoursHandler handler, CancellationToken ct) =>
        {
            var hours = await handler.HandleAsync(new SetHallHours(hallId, body.Day, body.Intervals), http.User.ToActor(), ct);
            return TypedResults.Ok(new DayHours(body.Day!.Value, [.. hours.On(body.Day.Value).Select(i => i.ToString())]));
        })
        .WithSummary("设置大厅某一星期几的办公时间（intervals 为 [{opens, closes}]，HH:mm；空数组为休息）")
        .ProducesValidationProblem();

        group.MapPost("/halls/{hallId:int}/windows", async Task<Created<Added>> (int hallId, WindowRequest body, HttpContext http, KeepCatalogueHandler handler, CancellationToken ct) =>
        {
            var window = await handler.HandleAsync(new AddServiceWindow(hallId, body.Code, body.Name), http.User.ToActor(), ct);
            return TypedResults.Created($"/api/queue/windows/{window.Id}", new Added(window.Id, window.Code, window.Name));
        })
        .Idempotent()
        .WithSummary("为大厅新增窗口（窗口号如 A03）")
        .ProducesValidationProblem();

        group.MapPost("/halls/{hallId:int}/items", async Task<Created<ItemWindows>> (int hallId, ItemRequest body, HttpContext http, KeepCatalogueHandler handler, CancellationToken ct) =>
        {
            var item = await handler.HandleAsync(new AddServiceItem(hallId, body.Code, body.Name, body.WindowIds), http.User.ToActor(), ct);
            return TypedResults.Created($"/api/admin/items/{item.Id}/windows", View(item));
        })
        .Idempotent()
        .WithSummary("为大厅新增事项及其受理窗口")
        .ProducesValidationProblem();

        group.MapPut("/items/{itemId:int}/windows", async Task<Ok<ItemWindows>> (int itemId, WindowIdsRequest body, HttpContext http, KeepCatalogueHandler handler, CancellationToken ct) =>
            TypedResults.Ok(View(await handler.HandleAsync(new MapItemWindows(itemId, body.WindowIds), http.User.ToActor(), ct))))
            .WithSummary("设定事项的受理窗口（列出的窗口受理，其余不再受理；至少一个）")
            .ProducesValidationProblem();
    }

    private static void MapGuides(RouteGroupBuilder group) =>
        group.MapPut("/items/{itemId:int}/guide", async Task<Results<Ok<ItemGuide>, NotFound>> (int itemId, GuideRequest body, HttpContext http, SetServiceGuideHandler handler, CancellationToken ct) =>
            await handler.HandleAsync(new SetServiceGuide(itemId, body.Location, body.Materials, body.Notes, body.TimeLimit), http.User.ToActor(), ct) is { } item
                ? TypedResults.Ok(new ItemGuide(item.Id, item.Code, item.Name, item.Guide))
                : TypedResults.NotFound())
            .WithSummary($"设定事项的办事指南（办理地点、所需材料、注意事项、办理时限；材料至多 {ServiceGuide.MaxMaterials} 项，整体替换）；大厅负责人限本厅事项")
            .ProducesValidationProblem();

    private static ItemWindows View(ServiceItem item) => new(item.Id, item.Code, [.. item.Windows.Select(w => w.Id).Order()]);
}
