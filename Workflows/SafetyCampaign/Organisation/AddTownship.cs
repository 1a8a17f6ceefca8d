using Governance.Engine;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>The administrator adds a township (镇/乡/街道) to a city; its officials' accounts are made apart, as users.</summary>
public sealed record AddTownship(int CityId, string? Code, string? Name, TownshipKind? Kind);

public sealed class AddTownshipHandler(WorkflowRuntime runtime)
{
    public Task<Township> HandleAsync(AddTownship command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护组织");
        new Validation()
            .Code(command.Code)
            .Text(command.Name, "name", 50)
            .Check(command.Kind is null || Enum.IsDefined(command.Kind.Value), "kind", "镇、乡或街道")
            .Check(command.Kind is not null, "kind", "必填")
            .ThrowIfInvalid();
        var (code, name) = (command.Code!.Trim(), command.Name!.Trim());

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var city = await db.Set<City>().Include(c => c.Townships).SingleOrDefaultAsync(c => c.Id == command.CityId, token);
            new Validation()
                .Check(city is not null, "cityId", "市不存在")
                .Check(!await db.Set<Township>().AnyAsync(t => t.Code == code, token), "code", "编码已被使用")
                .Check(city is null || city.Townships.All(t => t.Name != name), "name", "本市已有同名的镇（乡、街道）")
                .ThrowIfInvalid();
            var township = new Township(code, name, command.Kind!.Value);
            city!.Townships.Add(township);
            return township;
        }, ct);
    }
}
