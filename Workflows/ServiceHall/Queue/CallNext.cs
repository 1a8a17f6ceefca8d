using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// Staff at a window call the next ticket (叫号). The order: booked tickets whose slot has begun,
/// by slot time, ahead of everyone; then every other ticket, walk-in or booked early, by issue
/// time. A window serves the queues of the items mapped to it and its own queue (tickets
/// transferred to it); once closed for the day, only its own queue.
/// </summary>
public sealed class CallNextHandler(WorkflowRuntime runtime, IDbContextFactory<WorkflowDbContext> dbFactory)
{
    /// <summary>
    /// How far down each queue's head the claim looks for a ticket nobody else is claiming right
    /// now. It only has to exceed the staff who call from one queue at the same moment; should
    /// every ticket within it be taken meanwhile, the claim finds none, sees tickets still waiting
    /// and looks again.
    /// </summary>
    private const int HeadDepth = 32;

    /// <summary>
    /// One statement, one round trip: the window's queues (its own, and its items' unless it has
    /// closed today); the head of the booked lane (slot begun) if any, else the head of the
    /// issue-time lane (the second lane is only read when the first is empty). Each lane reads the
    /// first <see cref="HeadDepth"/> of every queue from its partial index in order, merges them,
    /// and locks the first one nobody else holds (<c>SKIP LOCKED</c>, one row at a time), so two
    /// staff never get the same ticket. Then the ticket is marked called, its instance locked, and
    /// the window and the item's name read for the answer. A window already serving a ticket
    /// claims none (<c>busy</c>); two calls at once that both find it free are held apart by the
    /// unique index on the serving ticket's window, which refuses the second. One row while the
    /// window exists, its ticket columns null when nothing was claimed.
    /// </summary>
    private static readonly string ClaimSql = $"""
        WITH busy AS (
            SELECT number FROM queue.tickets WHERE window_id = $1 AND state = 'Serving' LIMIT 1
        ), queues AS (
            SELECT $5::text AS queue
            UNION ALL
            SELECT $6 || wi.item_id FROM hall.window_items wi
            WHERE wi.window_id = $1 AND NOT EXISTS (SELECT FROM queue.window_closings c WHERE c.window_id = $1 AND c.date = $4)
        ), claimed AS (
            UPDATE queue.tickets SET state = 'Serving', window_id = $1, called_at = $3, called_by = $2,
                waiting_time = waiting_time + ($3 - waiting_since)
            WHERE state = 'Waiting' AND NOT EXISTS (SELECT FROM busy) AND id = COALESCE(
                (SELECT l.id FROM (
                     SELECT h.id, h.slot_starts_at, h.issued_at FROM queues q CROSS JOIN LATERAL (
                         SELECT id, slot_starts_at, issued_at FROM queue.tickets
                         WHERE queue = q.queue AND state = 'Waiting' AND slot_starts_at IS NOT NULL
                         ORDER BY slot_starts_at, issued_at LIMIT {HeadDepth}) h
                     WHERE h.slot_starts_at <= $3
                     ORDER BY h.slot_starts_at, h.issued_at LIMIT {HeadDepth}) c
                 CROSS JOIN LATERAL (SELECT t.id FROM queue.tickets t WHERE t.id = c.id AND t.state = 'Waiting' FOR UPDATE SKIP LOCKED) l
                 ORDER BY c.slot_starts_at, c.issued_at LIMIT 1),
                (SELECT l.id FROM (
                     SELECT h.id, h.issued_at FROM queues q CROSS JOIN LATERAL (
                         SELECT id, issued_at FROM queue.tickets
                         WHERE queue = q.queue AND state = 'Waiting'
                         ORDER BY issued_at LIMIT {HeadDepth}) h
                     ORDER BY h.issued_at LIMIT {HeadDepth}) c
                 CROSS JOIN LATERAL (SELECT t.id FROM queue.tickets t WHERE t.id = c.id AND t.state = 'Waiting' FOR UPDATE SKIP LOCKED) l
                 ORDER BY c.issued_at LIMIT 1))
            RETURNING *
        ), locked AS (
            SELECT * FROM wf.instances WHERE id = (SELECT id FROM claimed) FOR UPDATE
        )
        SELECT {RuntimeRows.InstanceColumnsOf("locked")}, w.hall_id, w.code, s.name,
            CASE WHEN claimed.id IS NULL THEN EXISTS (SELECT FROM queues q JOIN queue.tickets t ON t.queue = q.queue AND t.state = 'Waiting') ELSE false END,
            (SELECT number FROM busy), f.code || ' ' || f.name,
            {Ticket.ColumnsOf("claimed")}
        FROM hall.windows w
        LEFT JOIN claimed ON true
        LEFT JOIN locked ON true
        LEFT JOIN hall.service_items s ON s.id = claimed.item_id
        LEFT JOIN hall.windows f ON f.id = claimed.transferred_from_window_id
        WHERE w.id = $1
        """;

    /// <summary>The called ticket, or null when the window's queues are empty.</summary>
    public Task<TicketView?> HandleAsync(int windowId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var now = runtime.Now;
            // Under READ COMMITTED a head row claimed and committed by someone else between our look and
            // our lock is re-checked and skipped; "nothing" only counts once no waiting ticket is left.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var (instance, found) = await ClaimAsync(db, windowId, actor, now, token) ?? throw QueueAccess.OutOfReach();
                QueueAccess.DemandWindow(actor, ServiceWindow.OrgUnitOf(found.HallId, windowId));
                if (found.Serving is { } serving)
                {
                    throw StillServing(serving);
                }

                if (found.Ticket is { } ticket)
                {
                    // The claim is the authorization: the ticket was in a queue of a window in the actor's scope.
                    TransitionRefusedException.ThrowIfRefused(await runtime.ApplyLockedAsync(db, instance!, new Stimulus(ticket.Id, TicketWorkflow.Call, actor, instance!.Version, $"{found.Code} 叫号"), token));
                    return TicketView.Of(ticket, instance!, found.ItemName!, found.TransferredFrom);
                }

                if (!found.WaitingLeft)
                {
                    return null;
                }
            }

            return null;
        }, ct);
    }

    /// <summary>
    /// The claim; a second call at the same window that claimed a ticket while the first was still
    /// uncommitted meets the serving index once the first commits. The actor's scope is checked
    /// after the claim is refused too, so a window out of reach tells nothing of what it serves.
    /// </summary>
    private async Task<(WorkflowInstance? Instance, Claim Found)?> ClaimAsync(EngineDbContext db, int windowId, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await db.LockInstanceWithAsync(ClaimSql, Parameters(windowId, actor.Id, now), Read, ct);
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation && conflict.ConstraintName == Ticket.ServingIndex)
        {
            // The failed statement aborted this transaction: the window is read on a connection of its own.
            await using var other = await dbFactory.CreateDbContextAsync(ct);
            var window = await other.Set<ServiceWindow>().AsNoTracking().SingleAsync(w => w.Id == windowId, ct);
            QueueAccess.DemandWindow(actor, window);
            throw StillServing(null);
        }
    }

    /// <summary>一窗一时一号: the window finishes the ticket it serves before it calls the next.</summary>
    private static RuleViolationException StillServing(string? number) =>
        new("本窗口正在办理", $"{(number is null ? "本窗口已叫到一个号" : $"{number} 正在本窗口办理")}，请先办结、退回或转窗口，再叫下一个号");

    private static NpgsqlParameter[] Parameters(int windowId, string staffId, DateTimeOffset now) =>
    [
        new() { Value = windowId },
        new() { Value = staffId },
        new() { Value = now.ToUniversalTime() },
        new() { Value = ChinaTime.DateOf(now) },
        new() { Value = Ticket.WindowQueue(windowId) },
        new() { Value = Ticket.ItemQueuePrefix },
    ];

    private static Claim Read(System.Data.Common.DbDataReader r)
    {
        const int first = RuntimeRows.InstanceColumnCount;
        return new(
            r.GetInt32(first),
            r.GetString(first + 1),
            r.IsDBNull(first + 2) ? null : r.GetString(first + 2),
            r.GetBoolean(first + 3),
            r.IsDBNull(first + 4) ? null : r.GetString(first + 4),
            r.IsDBNull(first + 5) ? null : r.GetString(first + 5),
            r.IsDBNull(first + 6) ? null : Ticket.Read(r, first + 6));
    }

    /// <summary>
    /// What the claim found: the window (hall, code); the number it is serving already, if any;
    /// else the called ticket with its item's name and the window it was transferred from, or
    /// whether waiting tickets are left.
    /// </summary>
    private sealed record Claim(int HallId, string Code, string? ItemName, bool WaitingLeft, string? Serving, string? TransferredFrom, Ticket? Ticket);
}
