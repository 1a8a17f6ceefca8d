using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.ServiceHall.Ratings;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>Transfer a called ticket to another window (转窗口); it waits there at its old place.</summary>
public sealed record TransferTicket(Guid TicketId, int ToWindowId, string? Reason, int ExpectedVersion);

/// <summary>Return a called ticket (退回), e.g. 材料不全: the citizen must come again, and the next ticket is the next trip.</summary>
public sealed record ReturnTicket(Guid TicketId, string Reason, int ExpectedVersion);

/// <summary>Complete a called ticket (办结): its matter is done, and a citizen who left an email is invited to rate the service (好差评).</summary>
public sealed record CompleteTicket(Guid TicketId, string? Note, int ExpectedVersion);

/// <summary>重呼, 到窗办理, 过号 or 回队 of a ticket the window called, by its trigger in <see cref="TicketWorkflow"/>.</summary>
public sealed record CallStep(Guid TicketId, string Trigger, int ExpectedVersion);

/// <summary>What staff do with a ticket they have called. Each is one transaction: the ticket's row, its matter and its instance.</summary>
public sealed class ServeTicketHandler(WorkflowRuntime runtime, RatingInvitations ratings, IOptions<QueueOptions> options)
{
    /// <summary>
    /// The steps around a call: 重呼 (announce again), 到窗办理 (the citizen came), 过号 (they did
    /// not: the window is free; the ticket's own timer does the same when their time runs out), 回队
    /// (a set-aside citizen came back: they wait again behind <see cref="QueueOptions.RejoinAfter"/>
    /// of those waiting in their queue).
    /// </summary>
    public Task<TicketView> StepAsync(CallStep command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (from, reason) = command.Trigger switch
        {
            TicketWorkflow.Recall => (TicketWorkflow.Called, "重呼"),
            TicketWorkflow.Arrive => (TicketWorkflow.Called, "到窗办理"),
            TicketWorkflow.Skip => (TicketWorkflow.Called, "未到窗口，过号"),
            TicketWorkflow.Rejoin => (TicketWorkflow.SetAside, "过号后回队"),
            _ => throw new RequestValidationException(new Dictionary<string, string[]> { ["trigger"] = ["不是叫号后的操作"] }),
        };
        return MoveAsync(command.TicketId, command.Trigger, [from], actor, command.ExpectedVersion, async (db, ticket, token) =>
        {
            var now = runtime.Now;
            switch (command.Trigger)
            {
                case TicketWorkflow.Recall:
                    ticket.CallAgain(now);
                    break;
                case TicketWorkflow.Arrive:
                    ticket.Arrive(now);
                    break;
                case TicketWorkflow.Rejoin:
                    ticket.Rejoin(await RejoinKeyAsync(db, ticket.Queue, now, token), now);
                    break;
            }

            return reason;
        }, ct);
    }

    public Task<TicketView> TransferAsync(TransferTicket command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return MoveAsync(command.TicketId, TicketWorkflow.Transfer, TicketWorkflow.AtWindow, actor, command.ExpectedVersion, async (db, ticket, token) =>
        {
            new Validation()
                .Check(command.ToWindowId > 0, "toWindowId", "必填")
                .Text(command.Reason, "reason", options.Value.MaxReasonLength, required: false)
                .ThrowIfInvalid();
            var target = await db.Set<ServiceWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == command.ToWindowId && w.HallId == ticket.HallId, token);
            new Validation()
                .Check(target is not null, "toWindowId", "本厅没有该窗口")
                .Check(command.ToWindowId != ticket.WindowId, "toWindowId", "不能转给本窗口")
                .ThrowIfInvalid();
            var today = ChinaTime.DateOf(runtime.Now);
            if (await db.Set<WindowClosing>().AnyAsync(c => c.WindowId == target!.Id && c.Date == today && c.ExtendedHoursId == null, token))
            {
                throw new RuleViolationException("目标窗口今日已闭窗", $"窗口 {target!.Code} 今日已闭窗，请转其他窗口");
            }

            var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
            ticket.TransferTo(target!.Id, reason, runtime.Now);
            return $"转至 {target.Code} {target.Name}" + (reason is null ? "" : $"：{reason}");
        }, ct);
    }

    public Task<TicketView> ReturnAsync(ReturnTicket command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return MoveAsync(command.TicketId, TicketWorkflow.Return, TicketWorkflow.AtWindow, actor, command.ExpectedVersion, (_, ticket, _) =>
        {
            new Validation().Text(command.Reason, "reason", options.Value.MaxReasonLength).ThrowIfInvalid();
            ticket.Return(command.Reason.Trim(), runtime.Now);
            return Task.FromResult(command.Reason.Trim());
        }, ct);
    }

    public Task<TicketView> CompleteAsync(CompleteTicket command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        return MoveAsync(command.TicketId, TicketWorkflow.Complete, TicketWorkflow.AtWindow, actor, command.ExpectedVersion, async (db, ticket, token) =>
        {
            new Validation().Text(command.Note, "note", options.Value.MaxReasonLength, required: false).ThrowIfInvalid();
            ticket.Complete(runtime.Now);
            var matter = await db.Set<Matter>().SingleAsync(m => m.Id == ticket.MatterId, token);
            matter.Complete(ticket.WindowId!.Value, runtime.Now);
            await ratings.InviteAsync(db, new ServedMatter(ticket.Id, ticket.HallId, ticket.WindowId.Value, ticket.ItemId, actor.Id, ticket.Name, ticket.Email, runtime.Now), actor, token);
            return command.Note?.Trim() ?? "办结";
        }, ct);
    }

    /// <summary>
    /// The place of a ticket rejoining <paramref name="queue"/>: just behind the
    /// <see cref="QueueOptions.RejoinAfter"/>th of those waiting there by place, or last if fewer wait.
    /// </summary>
    private async Task<DateTimeOffset> RejoinKeyAsync(EngineDbContext db, string queue, DateTimeOffset now, CancellationToken ct)
    {
        var behind = await db.Set<Ticket>()
            .Where(t => t.Queue == queue && t.State == TicketWorkflow.Waiting)
            .OrderBy(t => t.QueueKey).ThenBy(t => t.Number)
            .Skip(Math.Max(0, options.Value.RejoinAfter - 1))
            .Select(t => (DateTimeOffset?)t.QueueKey)
            .FirstOrDefaultAsync(ct);
        return options.Value.RejoinAfter > 0 && behind is { } key ? key.AddTicks(10) : now;
    }

    /// <summary>
    /// Locks the instance, then reads the ticket: only staff of the window that called it may move it
    /// (anyone else reads it as absent, before the request is validated), and only from the states
    /// <paramref name="states"/>. The change to the ticket (which validates the request first) is made,
    /// then the transition; a refused transition rolls both back. The change returns the ledger line's reason.
    /// </summary>
    private Task<TicketView> MoveAsync(Guid ticketId, string trigger, IReadOnlyList<string> states, Actor actor, int expectedVersion, Func<EngineDbContext, Ticket, CancellationToken, Task<string>> change, CancellationToken ct) =>
        runtime.InTransactionAsync(async (db, token) =>
        {
            var instance = await db.LockInstanceAsync(ticketId, token);
            var ticket = instance?.DefinitionName == TicketWorkflow.Name ? await db.Set<Ticket>().SingleAsync(t => t.Id == ticketId, token) : null;
            var window = ticket?.WindowId is { } windowId ? await db.Set<ServiceWindow>().AsNoTracking().SingleAsync(w => w.Id == windowId, token) : null;
            if (ticket is null || window is null || !actor.CanSee(window.OrgUnit))
            {
                throw new TransitionRefusedException(TransitionResult.NotFound);
            }

            if (!states.Contains(ticket.State))
            {
                var definition = TicketWorkflow.Definition;
                var step = definition.Transitions.First(t => t.Trigger == trigger).DisplayName;
                throw new TransitionRefusedException(new TransitionResult(TransitionOutcome.NotPermitted, instance, $"{ticket.Number} 当前状态“{definition.StateName(ticket.State)}”，不能{step}"));
            }

            var reason = await change(db, ticket, token);
            ticket.MarkQueueChanged(db);
            TransitionRefusedException.ThrowIfRefused(await runtime.ApplyLockedAsync(db, instance!, new Stimulus(ticketId, trigger, actor, expectedVersion, reason), token));
            var itemName = await db.Set<ServiceItem>().Where(i => i.Id == ticket.ItemId).Select(i => i.Name).SingleAsync(token);
            var from = ticket.TransferredFromWindowId is { } fromId
                ? await db.Set<ServiceWindow>().Where(w => w.Id == fromId).Select(w => w.Code + " " + w.Name).SingleAsync(token)
                : null;
            return TicketView.Of(ticket, instance!, itemName, from);
        }, ct);
}
