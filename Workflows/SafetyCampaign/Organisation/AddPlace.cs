using Governance.Engine;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>The administrator adds a village (行政村), community (社区) or unit (企事业单位) to a township; its roster is seated next.</summary>
public sealed record AddPlace(int TownshipId, string? Code, string? Name, PlaceKind? Kind);

public sealed class AddPlaceHandler(WorkflowRuntime runtime)
{
    public Task<Place> HandleAsync(AddPlace command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护组织");
        new Validation()
            .Code(command.Code)
            .Text(command.Name, "name", 100)
            .Check(command.Kind is null || Enum.IsDefined(command.Kind.Value), "kind", "行政村、社区或单位")
            .Check(command.Kind is not null, "kind", "必填")
            .ThrowIfInvalid();
        var (code, name) = (command.Code!.Trim(), command.Name!.Trim());

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var township = await db.Set<Township>().Include(t => t.Places).SingleOrDefaultAsync(t => t.Id == command.TownshipId, token);
            new Validation()
                .Check(township is not null, "townshipId", "镇（乡、街道）不存在")
                .Check(!await db.Set<Place>().AnyAsync(p => p.Code == code, token), "code", "编码已被使用")
                .Check(township is null || township.Places.All(p => p.Name != name), "name", "本镇已有同名的村（社区）或单位")
                .ThrowIfInvalid();
            var place = new Place(code, name, command.Kind!.Value);
            township!.Places.Add(place);
            return place;
        }, ct);
    }
}
