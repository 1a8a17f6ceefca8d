using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>The administrator seats a person on a place's linkage roster (一村一警一员一连+N).</summary>
public sealed record AddRosterMember(int PlaceId, RosterRole? Role, string? Title, string? Name);

/// <summary>The administrator takes a person off a place's roster (moved on, replaced); matters keep the name they were given.</summary>
public sealed record RemoveRosterMember(int PlaceId, int MemberId);

public sealed class ChangeRosterHandler(WorkflowRuntime runtime)
{
    public Task<RosterMember> HandleAsync(AddRosterMember command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护联动名册");
        new Validation()
            .Check(command.Role is not null, "role", "必填")
            .Check(command.Role is null || Enum.IsDefined(command.Role.Value), "role", "席位有误")
            .Text(command.Title, "title", 50)
            .Text(command.Name, "name", 50)
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var place = await PlaceAsync(db, command.PlaceId, token);
            new Validation()
                .Check(!place.IsTaken(command.Role!.Value), "role", "该席位每村（社区）只设一人，请先移除现任")
                .ThrowIfInvalid();
            return place.Seat(command.Role.Value, command.Title!.Trim(), command.Name!.Trim());
        }, ct);
    }

    public Task HandleAsync(RemoveRosterMember command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护联动名册");
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var place = await PlaceAsync(db, command.PlaceId, token);
            var member = place.Roster.SingleOrDefault(m => m.Id == command.MemberId);
            new Validation().Check(member is not null, "memberId", "名册中没有此人").ThrowIfInvalid();
            db.Remove(member!);
            return true;
        }, ct);
    }

    private static async Task<Place> PlaceAsync(EngineDbContext db, int placeId, CancellationToken ct)
    {
        var place = await db.Set<Place>().Include(p => p.Roster).SingleOrDefaultAsync(p => p.Id == placeId, ct);
        new Validation().Check(place is not null, "placeId", "村（社区）或单位不存在").ThrowIfInvalid();
        return place!;
    }
}
