using Governance.Engine;
using Governance.Engine.Calendar;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Engine.Telemetry;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Governance.Workflows.ServiceHall.Queue;

/// <summary>
/// Staff at a window call the next ticket (叫号). The order: booked tickets whose slot has begun,
/// by slot time, ahead of everyone; then every other ticket, walk-in or booked early, by its
/// place (<see cref="Ticket.QueueKey"/>: issue time, or where it rejoined after 过号); tickets at the
/// same instant go by number (two rejoining behind the same citizen, two issued at once). A window
/// serves the queues of the items mapped to it and its own queue (tickets transferred to it);
/// once closed for the day, only its own queue. How long the called ticket waited goes to the
/// queue figures (<see cref="EngineMetrics.QueueWaited"/>) once the call is committed.
/// </summary>
public sealed class CallNextHandler(WorkflowRuntime runtime, EngineMetrics? metrics = null)
{
    /// <summary>
    /// How far down each queue's head the claim looks for a ticket nobody else is claiming right
    /// now. It only has to exceed the staff who call from one queue at the same moment; should
    /// every ticket within it be taken meanwhile, the claim finds none, sees tickets still waiting
    /// and looks again.
    /// </summary>
    private const int HeadDepth = 32;

    /// <summary>
    /// The claim, which the engine sends in one round trip with the lock of the claimed ticket's
    /// instance (<see cref="EngineDbContext.ClaimAsync"/>): the window's queues (its own, and its
    /// items' unless it has closed today); the head of the booked lane (slot begun) if any, else
    /// the head of the lane by place (the second lane is only read when the first is empty). Each
    /// lane reads the first <see cref="HeadDepth"/> of every queue from its partial index in order,
    /// merges them, and locks the first one nobody else holds (<c>SKIP LOCKED</c>, one row at a
    /// time), so two staff never get the same ticket; the window and the item's name are read for
    /// the answer. A window with a ticket called or being served claims none (<c>busy</c>). One row while the
    /// window exists, its ticket columns null when nothing was claimed. The ticket is marked called
    /// only once the runtime has applied the move.
    /// </summary>
    private static readonly string ClaimSql = $"""
        WITH busy AS (
            SELECT number FROM queue.tickets WHERE window_id = $1 AND state IN ('Called', 'Serving') LIMIT 1
        ), queues AS (
            SELECT $5::text AS queue
            UNION ALL
            SELECT $6 || wi.item_id FROM hall.window_items wi
            WHERE wi.window_id = $1 AND NOT EXISTS (SELECT FROM queue.window_closings c WHERE c.window_id = $1 AND c.date = $4)
        ), claimed AS (
            SELECT * FROM queue.tickets
            WHERE NOT EXISTS (SELECT FROM busy) AND id = COALESCE(
                (SELECT l.id FROM (
                     SELECT h.id, h.slot_starts_at, h.issued_at, h.number FROM queues q CROSS JOIN LATERAL (
                         SELECT id, slot_starts_at, issued_at, number FROM queue.tickets
                         WHERE queue = q.queue AND state = 'Waiting' AND slot_starts_at IS NOT NULL
                         ORDER BY slot_starts_at, issued_at, number LIMIT {HeadDepth}) h
                     WHERE h.slot_starts_at <= $3
                     ORDER BY h.slot_starts_at, h.issued_at, h.number LIMIT {HeadDepth}) c
                 CROSS JOIN LATERAL (SELECT t.id FROM queue.tickets t WHERE t.id = c.id AND t.state = 'Waiting' FOR UPDATE SKIP LOCKED) l
                 ORDER BY c.slot_starts_at, c.issued_at, c.number LIMIT 1),
                (SELECT l.id FROM (
                     SELECT h.id, h.queue_key, h.number FROM queues q CROSS JOIN LATERAL (
                         SELECT id, queue_key, number FROM queue.tickets
                         WHERE queue = q.queue AND state = 'Waiting'
                         ORDER BY queue_key, number LIMIT {HeadDepth}) h
                     ORDER BY h.queue_key, h.number LIMIT {HeadDepth}) c
                 CROSS JOIN LATERAL (SELECT t.id FROM queue.tickets t WHERE t.id = c.id AND t.state = 'Waiting' FOR UPDATE SKIP LOCKED) l
                 ORDER BY c.queue_key, c.number LIMIT 1))
        )
        SELECT claimed.id AS instance_id, w.hall_id, w.code, s.name,
            CASE WHEN claimed.id IS NULL THEN EXISTS (SELECT FROM queues q JOIN queue.tickets t ON t.queue = q.queue AND t.state = 'Waiting') ELSE false END,
            (SELECT number FROM busy), f.code || ' ' || f.name,
            {Ticket.ColumnsOf("claimed")}
        FROM hall.windows w
        LEFT JOIN claimed ON true
        LEFT JOIN hall.service_items s ON s.id = claimed.item_id
        LEFT JOIN hall.windows f ON f.id = claimed.transferred_from_window_id
        WHERE w.id = $1
        """;

    /// <summary>The called ticket, or null when the window's queues are empty.</summary>
    public async Task<TicketView?> HandleAsync(int windowId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            var called = await runtime.InTransactionAsync((db, token) => CallAsync(db, windowId, actor, token), ct);
            if (called is not null)
            {
                metrics?.QueueWaited(called.Queue, called.Waited);
            }

            return called?.View;
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation && conflict.ConstraintName == Ticket.ServingIndex)
        {
            // A second call at the same window met the first's ticket at the commit; the actor's
            // reach to the window was checked before the move.
            throw StillServing(null);
        }
    }

    private async Task<Called?> CallAsync(EngineDbContext db, int windowId, Actor actor, CancellationToken ct)
    {
        var now = runtime.Now;
        // Under READ COMMITTED a head row claimed and committed by someone else between our look and
        // our lock is re-checked and skipped; "nothing" only counts once no waiting ticket is left.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // The actor's scope is checked after the claim, so a window out of reach tells nothing of what it serves.
            var (instance, found) = await db.ClaimAsync(ClaimSql, Parameters(windowId, actor.Id, now), Read, ct) ?? throw QueueAccess.OutOfReach();
            QueueAccess.DemandWindow(actor, ServiceWindow.OrgUnitOf(found.HallId, windowId));
            if (found.Serving is { } serving)
            {
                throw StillServing(serving);
            }

            if (found.Ticket is { } ticket)
            {
                // The claim is the authorization: the ticket was in a queue of a window in the actor's scope.
                TransitionRefusedException.ThrowIfRefused(await runtime.ApplyLockedAsync(db, instance!, new Stimulus(ticket.Id, TicketWorkflow.Call, actor, instance!.Version, $"{found.Code} 叫号"), ct));

                // With the commit: two calls at once that both found the window free are held
                // apart there by the unique index on the serving ticket's window.
                var waited = now - ticket.WaitingSince;
                ticket.CallTo(windowId, actor.Id, instance!.State, now);
                ticket.MarkQueueChanged(db);
                db.UpdateAtCommit(ticket);
                return new Called(TicketView.Of(ticket, instance!, found.ItemName!, found.TransferredFrom), HallQueueReading.QueueName(ticket.HallId, ticket.ItemId), waited);
            }

            if (!found.WaitingLeft)
            {
                return null;
            }
        }

        return null;
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

    /// <summary>The claim's columns after <c>instance_id</c>, in <see cref="ClaimSql"/>'s order.</summary>
    private static Claim Read(System.Data.Common.DbDataReader r) => new(
        r.GetInt32(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.GetBoolean(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : Ticket.Read(r, 7));

    /// <summary>
    /// What the claim found: the window (hall, code); the number it is serving already, if any;
    /// else the called ticket with its item's name and the window it was transferred from, or
    /// whether waiting tickets are left.
    /// </summary>
    private sealed record Claim(int HallId, string Code, string? ItemName, bool WaitingLeft, string? Serving, string? TransferredFrom, Ticket? Ticket);

    /// <summary>The ticket called, the queue it was called from and how long it had waited there.</summary>
    private sealed record Called(TicketView View, string Queue, TimeSpan Waited);
}
