using Governance.Engine;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

/// <summary>
/// The hall lead (or the administrator) writes an item's 办事指南: 办理地点, 所需材料 (one paper a
/// line), 注意事项, 办理时限. It replaces the one before; blank is allowed and shows nothing.
/// </summary>
public sealed record SetServiceGuide(int ItemId, string? Location, IReadOnlyList<string?>? Materials, string? Notes, string? TimeLimit);

public sealed class SetServiceGuideHandler(WorkflowRuntime runtime)
{
    /// <summary>The item with its new guide; null when there is no such item or it is another hall's (the same answer).</summary>
    /// <exception cref="UnauthorizedAccessException">Neither a hall lead nor the administrator.</exception>
    public Task<ServiceItem?> HandleAsync(SetServiceGuide command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role is not (Roles.HallLead or Roles.Admin))
        {
            throw new UnauthorizedAccessException("只有大厅负责人和系统管理员可以维护办事指南");
        }

        var materials = command.Materials ?? [];
        var validation = new Validation()
            .Text(command.Location, "location", ServiceGuide.LocationLength, required: false)
            .Text(command.Notes, "notes", ServiceGuide.NotesLength, required: false)
            .Text(command.TimeLimit, "timeLimit", ServiceGuide.TimeLimitLength, required: false)
            .Check(materials.Count <= ServiceGuide.MaxMaterials, "materials", $"所需材料至多 {ServiceGuide.MaxMaterials} 项");
        for (var i = 0; i < Math.Min(materials.Count, ServiceGuide.MaxMaterials); i++)
        {
            validation.Text(materials[i], $"materials[{i}]", ServiceGuide.MaterialLength);
        }

        validation.ThrowIfInvalid();
        var guide = new ServiceGuide(Trim(command.Location), [.. materials.Select(Trim)], Trim(command.Notes), Trim(command.TimeLimit));

        return runtime.InTransactionAsync<ServiceItem?>(async (db, token) =>
        {
            var item = await db.Set<ServiceItem>().SingleOrDefaultAsync(i => i.Id == command.ItemId, token);
            if (item is null || !actor.CanSee($"hall/{item.HallId}"))
            {
                return null;
            }

            item.SetGuide(guide);
            return item;
        }, ct);
    }

    private static string Trim(string? text) => text?.Trim() ?? "";
}
