using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.ServiceHall.Queue;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.ServiceHall;

/// <summary>The administrator adds a window (窗口) to a hall; staff are assigned to it as users.</summary>
public sealed record AddServiceWindow(int HallId, string? Code, string? Name);

/// <summary>The administrator adds a service item (事项) to a hall, served at some of its windows.</summary>
public sealed record AddServiceItem(int HallId, string? Code, string? Name, IReadOnlyList<int>? WindowIds);

/// <summary>The administrator says which windows serve an item: those listed map, the others unmap.</summary>
public sealed record MapItemWindows(int ItemId, IReadOnlyList<int>? WindowIds);

/// <summary>A hall's catalogue as its administrator keeps it: windows, items and which window serves what.</summary>
public sealed class KeepCatalogueHandler(WorkflowRuntime runtime)
{
    private const string Refusal = "只有系统管理员可以维护窗口与事项";

    public Task<ServiceWindow> HandleAsync(AddServiceWindow command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, Refusal);
        new Validation()
            .Text(command.Code, "code", 16)
            .Check(command.Code is null || command.Code.Trim().All(char.IsAsciiLetterOrDigit), "code", "窗口号只用字母和数字，如 A03")
            .Text(command.Name, "name", 100)
            .ThrowIfInvalid();
        var code = command.Code!.Trim().ToUpperInvariant();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            new Validation()
                .Check(await db.Set<Hall>().AnyAsync(h => h.Id == command.HallId, token), "hallId", "大厅不存在")
                .Check(!await db.Set<ServiceWindow>().AnyAsync(w => w.HallId == command.HallId && w.Code == code, token), "code", "本厅已有此窗口号")
                .ThrowIfInvalid();
            var window = new ServiceWindow(command.HallId, code, command.Name!.Trim());
            db.Add(window);
            db.MarkChanged(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(command.HallId));
            return window;
        }, ct);
    }

    public Task<ServiceItem> HandleAsync(AddServiceItem command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, Refusal);
        new Validation().Code(command.Code).Text(command.Name, "name", 100).Check(command.WindowIds is { Count: > 0 }, "windowIds", "至少选一个受理窗口").ThrowIfInvalid();
        var code = command.Code!.Trim();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var windows = await WindowsAsync(db, command.HallId, command.WindowIds!, token);
            new Validation()
                .Check(await db.Set<Hall>().AnyAsync(h => h.Id == command.HallId, token), "hallId", "大厅不存在")
                .Check(!await db.Set<ServiceItem>().AnyAsync(i => i.HallId == command.HallId && i.Code == code, token), "code", "本厅已有此事项编码")
                .ThrowIfInvalid();
            var item = new ServiceItem(command.HallId, code, command.Name!.Trim());
            item.ServeAt(windows);
            db.Add(item);
            return item;
        }, ct);
    }

    public Task<ServiceItem> HandleAsync(MapItemWindows command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, Refusal);

        // An item no window serves cannot be booked or queued for: it is retired, not unmapped.
        new Validation().Check(command.WindowIds is { Count: > 0 }, "windowIds", "至少保留一个受理窗口").ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var item = await db.Set<ServiceItem>().Include(i => i.Windows).SingleOrDefaultAsync(i => i.Id == command.ItemId, token);
            new Validation().Check(item is not null, "itemId", "事项不存在").ThrowIfInvalid();
            item!.ServeAt(await WindowsAsync(db, item.HallId, command.WindowIds!, token));

            // Which windows' waiting lists show the item's tickets changes with it.
            db.MarkChanged(TicketWorkflow.Name, TicketWorkflow.OrgUnitOf(item.HallId));
            return item;
        }, ct);
    }

    /// <summary>The hall's windows of <paramref name="ids"/>; one of another hall, or none, names the field.</summary>
    private static async Task<IReadOnlyCollection<ServiceWindow>> WindowsAsync(EngineDbContext db, int hallId, IReadOnlyList<int> ids, CancellationToken ct)
    {
        var windows = await db.Set<ServiceWindow>().Where(w => ids.Contains(w.Id) && w.HallId == hallId).ToListAsync(ct);
        new Validation().Check(windows.Count == ids.Distinct().Count(), "windowIds", "窗口不属于本厅或不存在").ThrowIfInvalid();
        return windows;
    }
}
