using System.Data.Common;
using Governance.Engine.Runtime;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Governance.Engine.Storage;

/// <summary>
/// The runtime's own rows of one transaction (instance, 台账, work items, timers, outbox), written
/// as one Npgsql batch after the use case's entities, not through EF Core's change tracker: for
/// these few fixed statements EF spent more client CPU than PostgreSQL spent writing them
/// (BENCHMARKS.md, "Where the time goes"). Instances inserted or updated go first, as they stand
/// when the batch is sent; the other statements follow in the order they were added, a move among
/// them (also from its instance as it stands then), so a state is left before the next one's work
/// items and timers are inserted.
/// </summary>
internal sealed class RuntimeRows(IDbContextTransaction transaction)
{
    private const string InstanceColumns =
        "id, definition_name, definition_version, state, org_unit, title, data, version, created_at, updated_at, state_entered_at, due_at, due_provisional_year, closed_at, limits, parent_id, clock_paused_at";

    private const int InstanceColumnCount = 17;

    /// <summary>Instances to insert (no version) or update (the version the row must still hold); written first.</summary>
    private readonly List<(WorkflowInstance Instance, int? FromVersion)> instances = [];

    private readonly List<NpgsqlBatchCommand> pending = [];

    /// <summary>Moves among <see cref="pending"/>, whose statements are written when the batch is sent, from the instance as it stands then.</summary>
    private readonly List<PendingMove> moves = [];

    /// <summary>Use-case statements that go last, right before <c>COMMIT</c> (see <see cref="AtCommit"/>).</summary>
    private readonly List<NpgsqlBatchCommand> atCommit = [];

    public IDbContextTransaction Transaction => transaction;

    private NpgsqlTransaction DbTransaction => (NpgsqlTransaction)transaction.GetDbTransaction();

    /// <summary>Whether this transaction wrote an outbox row, so the dispatcher is woken after the commit.</summary>
    public bool OwesEmail { get; private set; }

    public void MarkOwesEmail() => OwesEmail = true;

    /// <summary>The earliest due instant of the timers this transaction set, so the pump is woken for it after the commit.</summary>
    public DateTimeOffset? EarliestTimer { get; private set; }

    /// <summary>
    /// The topics this transaction changed (<see cref="ChangeSignal.Topic"/>), so live pages are told
    /// after the commit. Kept when a savepoint's rows are discarded: a page told of a change that
    /// did not happen only shows again what it shows.
    /// </summary>
    public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

    public void MarkChanged(string definition, string orgUnit) => Changed.Add(ChangeSignal.Topic(definition, orgUnit));

    /// <summary>
    /// Reads an instance and locks its row until the transaction ends (<c>FOR UPDATE</c>); with a
    /// <paramref name="savepoint"/>, sets it first in the same round trip.
    /// </summary>
    public async Task<WorkflowInstance?> LockInstanceAsync(NpgsqlConnection connection, Guid id, CancellationToken ct, string? savepoint = null)
    {
        await using var batch = new NpgsqlBatch(connection, DbTransaction);
        if (savepoint is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {savepoint}"));
        }

        var lockRow = new NpgsqlBatchCommand($"SELECT {InstanceColumns} FROM wf.instances WHERE id = $1 FOR UPDATE");
        lockRow.Parameters.Add(new() { Value = id });
        batch.BatchCommands.Add(lockRow);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadInstance(reader, 0) : null;
    }

    /// <summary>
    /// Runs a use case's claim of its own row and the lock of the instance it will move in one round
    /// trip. <paramref name="claimSql"/> is a query returning at most one row, with the instance to
    /// move in a column <c>instance_id</c> (null when it claimed none); the engine locks that
    /// instance (<c>FOR UPDATE</c>) and reads it, and <paramref name="read"/> reads the claim's own
    /// columns, from the first on, in the claim's order.
    /// </summary>
    public async Task<(WorkflowInstance? Instance, T Found)?> ClaimAsync<T>(
        NpgsqlConnection connection, string claimSql, NpgsqlParameter[] parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var sql = $"""
            WITH claim AS MATERIALIZED ({claimSql}),
            locked AS (SELECT {InstanceColumns} FROM wf.instances WHERE id = (SELECT instance_id FROM claim) FOR UPDATE)
            SELECT claim.*, {string.Join(", ", InstanceColumns.Split(", ").Select(c => $"locked.{c}"))} FROM claim LEFT JOIN locked ON true
            """;
        await using var command = new NpgsqlCommand(sql, connection, DbTransaction);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var first = reader.FieldCount - InstanceColumnCount;
        return (reader.IsDBNull(first) ? null : ReadInstance(reader, first), read(reader));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending timers due by <paramref name="now"/>, earliest
    /// first, locking them until the transaction ends; rows another transaction holds are skipped.
    /// Read by Npgsql directly: the pump never changes these rows through EF Core.
    /// </summary>
    public async Task<List<DueTimer>> ClaimDueTimersAsync(NpgsqlConnection connection, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, instance_id, instance_version, warn_at IS NOT NULL AND warned_at IS NULL AND (failed_attempts = 0 OR next_at < due_at), failed_attempts, next_at FROM wf.timers
            WHERE fired_at IS NULL AND cancelled_at IS NULL AND next_at <= $1
            ORDER BY next_at LIMIT $2
            FOR UPDATE SKIP LOCKED
            """,
            connection,
            DbTransaction);
        command.Parameters.Add(new() { Value = now.ToUniversalTime() });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var due = new List<DueTimer>(limit);
        while (await reader.ReadAsync(ct))
        {
            due.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetBoolean(3) ? TimerKind.Warning : TimerKind.Expiry, reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return due;
    }

    /// <summary>Marks a claimed timer done with what firing did; written with the rest of the batch.</summary>
    public void MarkFired(Guid timerId, DateTimeOffset now, string outcome) => pending.Add(Command(
        "UPDATE wf.timers SET fired_at = $2, outcome = $3 WHERE id = $1",
        timerId, now, outcome));

    /// <summary>
    /// Marks a claimed timer's warning fired: the row stays pending, now for its deadline, with no failed
    /// attempts (the warning's are over; the back-off and the console count the deadline's own).
    /// </summary>
    public void MarkWarned(Guid timerId, DateTimeOffset now) => pending.Add(Command(
        "UPDATE wf.timers SET warned_at = $2, next_at = due_at, outcome = 'warned', failed_attempts = 0 WHERE id = $1",
        timerId, now));

    /// <summary>Inserts a new instance, as it stands when the batch is sent.</summary>
    public void Insert(WorkflowInstance instance)
    {
        instances.Add((instance, null));
        MarkChanged(instance.DefinitionName, instance.OrgUnit);
    }

    /// <summary>Writes a moved instance back as it stands when the batch is sent; the row must still hold <paramref name="fromVersion"/>.</summary>
    public void Update(WorkflowInstance instance, int fromVersion)
    {
        instances.Add((instance, fromVersion));
        MarkChanged(instance.DefinitionName, instance.OrgUnit);
    }

    /// <summary>
    /// Writes a move of <paramref name="instance"/> (its state entered, its version the row must still hold
    /// <paramref name="fromVersion"/>) in one statement: the instance row as it stands when the batch is sent,
    /// the left state's open work items closed and pending timers cancelled, and the move's 台账 line
    /// <paramref name="line"/>. One statement rather than three: each statement of a batch costs the
    /// server its executor's start and end (BENCHMARKS.md, "Where a transition's time goes"). A timer the
    /// pump holds right now is skipped: the pump will find the instance moved on and record it as stale.
    /// Waiting for it instead would deadlock against the pump, which takes the timer first and the
    /// instance second.
    /// </summary>
    public void Move(WorkflowInstance instance, int fromVersion, LedgerEntry line, Actor actor, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand();
        pending.Add(command);
        moves.Add(new(command, instance, fromVersion, line, actor.Id, now));
        MarkChanged(instance.DefinitionName, instance.OrgUnit);
    }

    /// <summary>Cancels the instance's pending timers (its clock stops); a timer the pump holds now is skipped, as in <see cref="Move"/>.</summary>
    public void CancelTimers(Guid instanceId, DateTimeOffset now) => pending.Add(Command(
        """
        UPDATE wf.timers SET cancelled_at = $2 WHERE id IN (
            SELECT id FROM wf.timers
            WHERE instance_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL
            FOR UPDATE SKIP LOCKED)
        """,
        instanceId, now));

    /// <summary>Gives the instance's open work items its deadline (none while its clock is paused).</summary>
    public void SetWorkItemsDue(Guid instanceId, DateTimeOffset? dueAt) => pending.Add(Command(
        "UPDATE wf.work_items SET due_at = $2 WHERE instance_id = $1 AND closed_at IS NULL",
        instanceId, dueAt));

    /// <summary>Keeps the instance's pending timers alive across a version bump that does not touch its clock (a migration to the same state).</summary>
    public void CarryTimers(Guid instanceId, int fromVersion, int toVersion) => pending.Add(Command(
        "UPDATE wf.timers SET instance_version = $3 WHERE instance_id = $1 AND instance_version = $2 AND fired_at IS NULL AND cancelled_at IS NULL",
        instanceId, fromVersion, toVersion));

    /// <summary>Writes the instance's pinned limits (a migration pins those the new version adds); not on the hot path, so not in every update.</summary>
    public void PinLimits(WorkflowInstance instance) => pending.Add(Command(
        "UPDATE wf.instances SET limits = $2 WHERE id = $1",
        instance.Id, Jsonb(instance.Limits)));

    public void Insert(ClockPause p) => pending.Add(Command(
        """
        INSERT INTO wf.clock_pauses (id, instance_id, state, paused_at, remaining, warning_remaining, working_time, reason, paused_by, paused_by_name)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """,
        p.Id, p.InstanceId, p.State, p.PausedAt, p.Remaining, p.WarningRemaining, p.WorkingTime, p.Reason, p.PausedBy, p.PausedByName));

    /// <summary>Ends the instance's open pause, by a resume or by leaving the state.</summary>
    public void EndPause(Guid instanceId, Actor actor, DateTimeOffset now) => pending.Add(Command(
        "UPDATE wf.clock_pauses SET resumed_at = $2, resumed_by = $3 WHERE instance_id = $1 AND resumed_at IS NULL",
        instanceId, now, actor.Id));

    public void Insert(LedgerEntry l) => pending.Add(Command(
        """
        INSERT INTO wf.ledger (instance_id, version, kind, trigger, from_state, to_state, actor_id, actor_name, actor_role, reason, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        l.InstanceId, l.Version, l.Kind.ToString(), l.Trigger, l.FromState, l.ToState, l.ActorId, l.ActorName, l.ActorRole, l.Reason, l.At));

    public void Insert(WorkItem w) => pending.Add(Command(
        "INSERT INTO wf.work_items (id, instance_id, state, queue, priority, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        w.Id, w.InstanceId, w.State, w.Queue, w.Priority, w.DueAt, w.CreatedAt));

    public void Insert(WorkflowTimer t)
    {
        pending.Add(Command(
            "INSERT INTO wf.timers (id, instance_id, instance_version, warn_at, due_at, next_at, created_at, failed_attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
            t.Id, t.InstanceId, t.InstanceVersion, t.WarnAt, t.DueAt, t.NextAt, t.CreatedAt));
        if (EarliestTimer is not { } earliest || t.NextAt < earliest)
        {
            EarliestTimer = t.NextAt;
        }
    }

    /// <summary>The instant the earliest pending timer (any transaction's) fires next, or null when none is pending; read through the pending index.</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT min(next_at) FROM wf.timers WHERE fired_at IS NULL AND cancelled_at IS NULL", connection);
        return await command.ExecuteScalarAsync(ct) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    public void Insert(OutboxMessage o)
    {
        pending.Add(Command(
            """
            INSERT INTO wf.outbox (id, instance_id, template, recipient_name, recipient_email, model, dedupe_key, created_at, attempts, trace_parent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)
            """,
            o.Id, o.InstanceId, o.Template, o.RecipientName, o.RecipientEmail, Jsonb(o.Model), o.DedupeKey, o.CreatedAt, o.TraceParent));
        MarkOwesEmail();
    }

    /// <summary>
    /// A use case's write sent with the commit, after the runtime's rows, in the order added: an
    /// UPDATE of a row many transactions queue for (a hot appointment slot's seat count), whose
    /// row lock is then held for the commit only; or an INSERT of the use case's own row, which
    /// saves EF Core's round trip. It should fail by a constraint, not by matching no row: a
    /// failure skips the <c>COMMIT</c> after it.
    /// </summary>
    public void AtCommit(string sql, params object?[] values) => atCommit.Add(Command(sql, values));

    /// <summary>
    /// Sends what is pending as one batch. <see cref="Flush.BeforeRead"/> keeps the statements
    /// meant for the commit back; <see cref="Flush.Commit"/> ends the batch with <c>COMMIT</c>, so
    /// the transaction ends in the same round trip as its last writes. If any statement fails,
    /// PostgreSQL skips the rest, the commit included, and the transaction stays for the caller to
    /// roll back.
    /// </summary>
    public async Task FlushAsync(NpgsqlConnection connection, Flush flush, CancellationToken ct)
    {
        List<NpgsqlBatchCommand> last = flush == Flush.BeforeRead ? [] : atCommit;
        if (instances.Count == 0 && pending.Count == 0 && last.Count == 0 && flush != Flush.Commit)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, DbTransaction);
        var updates = new List<(NpgsqlBatchCommand Command, Guid InstanceId)>();
        foreach (var move in moves)
        {
            WriteMove(move);
            updates.Add((move.Command, move.Instance.Id));
        }

        foreach (var (instance, fromVersion) in instances)
        {
            var command = fromVersion is { } version ? UpdateCommand(instance, version) : InsertCommand(instance);
            batch.BatchCommands.Add(command);
            if (fromVersion is not null)
            {
                updates.Add((command, instance.Id));
            }
        }

        foreach (var command in pending.Concat(last))
        {
            batch.BatchCommands.Add(command);
        }

        if (flush == Flush.Commit)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        await batch.ExecuteNonQueryAsync(ct);
        foreach (var (command, instanceId) in updates)
        {
            if (command.RecordsAffected != 1)
            {
                throw new InvalidOperationException($"Instance {instanceId} was changed outside its row lock.");
            }
        }

        instances.Clear();
        pending.Clear();
        moves.Clear();
        last.Clear();
    }

    /// <summary>Forgets what is pending, after a rollback to a savepoint.</summary>
    public void Discard()
    {
        instances.Clear();
        pending.Clear();
        moves.Clear();
        atCommit.Clear();
    }

    private static NpgsqlBatchCommand InsertCommand(WorkflowInstance i) => Command(
        $"INSERT INTO wf.instances ({InstanceColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        i.Id, i.DefinitionName, i.DefinitionVersion, i.State, i.OrgUnit, i.Title, Jsonb(i.Data), i.Version, i.CreatedAt, i.UpdatedAt, i.StateEnteredAt, i.DueAt, i.DueProvisionalYear, i.ClosedAt, Jsonb(i.Limits), i.ParentId, i.ClockPausedAt);

    private static NpgsqlBatchCommand UpdateCommand(WorkflowInstance i, int fromVersion) =>
        With(new NpgsqlBatchCommand($"{UpdateInstance} WHERE id = $1 AND version = $12"), UpdateValues(i, fromVersion));

    /// <summary>The move's statement (<see cref="Move"/>): the instance's update, the state left, the 台账 line inserted only if the update matched.</summary>
    private static void WriteMove(PendingMove move)
    {
        var l = move.Line;
        move.Command.CommandText =
            $"""
            WITH moved AS ({UpdateInstance} WHERE id = $1 AND version = $12 RETURNING id),
            closed AS (
                UPDATE wf.work_items SET closed_at = $13, closed_by = $14
                WHERE instance_id = $1 AND closed_at IS NULL),
            cancelled AS (
                UPDATE wf.timers SET cancelled_at = $13 WHERE id IN (
                    SELECT id FROM wf.timers
                    WHERE instance_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL
                    FOR UPDATE SKIP LOCKED))
            INSERT INTO wf.ledger (instance_id, version, kind, trigger, from_state, to_state, actor_id, actor_name, actor_role, reason, at)
            SELECT id, $4, $15, $16, $17, $2, $18, $19, $20, $21, $22 FROM moved
            """;
        With(move.Command, [.. UpdateValues(move.Instance, move.FromVersion), move.Now, move.ActorId, l.Kind.ToString(), l.Trigger, l.FromState, l.ActorId, l.ActorName, l.ActorRole, l.Reason, l.At]);
    }

    /// <summary>
    /// An instance's columns a move or a change of its clock writes, parameters $1 to $11 of <see cref="UpdateValues"/>. Its
    /// data only if this transaction changed it (null keeps the row's): most moves do not, and the server would parse the JSON anew.
    /// </summary>
    private const string UpdateInstance =
        """
        UPDATE wf.instances SET state = $2, data = coalesce($3, data), version = $4, updated_at = $5, state_entered_at = $6, due_at = $7, due_provisional_year = $8,
            closed_at = $9, clock_paused_at = $10, definition_version = $11
        """;

    private static object?[] UpdateValues(WorkflowInstance i, int fromVersion) =>
        [i.Id, i.State, Jsonb(i.DataChanged ? i.Data : null), i.Version, i.UpdatedAt, i.StateEnteredAt, i.DueAt, i.DueProvisionalYear, i.ClosedAt, i.ClockPausedAt, i.DefinitionVersion, fromVersion];

    private static WorkflowInstance ReadInstance(DbDataReader r, int first) => new(
        r.GetGuid(first),
        r.GetString(first + 1),
        r.GetInt32(first + 2),
        r.GetString(first + 3),
        r.GetString(first + 4),
        r.GetString(first + 5),
        r.GetString(first + 6),
        r.GetInt32(first + 7),
        r.GetFieldValue<DateTimeOffset>(first + 8),
        r.GetFieldValue<DateTimeOffset>(first + 9),
        r.GetFieldValue<DateTimeOffset>(first + 10),
        r.IsDBNull(first + 11) ? null : r.GetFieldValue<DateTimeOffset>(first + 11),
        r.IsDBNull(first + 12) ? null : r.GetInt32(first + 12),
        r.IsDBNull(first + 13) ? null : r.GetFieldValue<DateTimeOffset>(first + 13),
        r.GetString(first + 14),
        r.IsDBNull(first + 15) ? null : r.GetGuid(first + 15),
        r.IsDBNull(first + 16) ? null : r.GetFieldValue<DateTimeOffset>(first + 16));

    private static NpgsqlParameter Jsonb(string? json) => new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object?[] values) => With(new NpgsqlBatchCommand(sql), values);

    private static NpgsqlBatchCommand With(NpgsqlBatchCommand command, object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                NpgsqlParameter parameter => parameter,

                // timestamptz takes UTC only; the calendar hands out China-time offsets.
                DateTimeOffset at => new NpgsqlParameter { Value = at.ToUniversalTime() },
                null => new NpgsqlParameter { Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }
}

/// <summary>A move whose statement is written when the batch is sent (<see cref="RuntimeRows.Move"/>).</summary>
internal sealed record PendingMove(NpgsqlBatchCommand Command, WorkflowInstance Instance, int FromVersion, LedgerEntry Line, string ActorId, DateTimeOffset Now);

/// <summary>A pending timer the pump claimed: what firing it needs, and when it was to fire (<paramref name="FireAt"/>, its next_at: how late the pump is).</summary>
internal sealed record DueTimer(Guid Id, Guid InstanceId, int InstanceVersion, TimerKind Kind, int FailedAttempts, DateTimeOffset FireAt);

/// <summary>Why <see cref="RuntimeRows.FlushAsync"/> is called.</summary>
internal enum Flush
{
    /// <summary>The transaction is about to read what it wrote: everything but the statements meant for the commit.</summary>
    BeforeRead,

    /// <summary>An explicit save: everything.</summary>
    Save,

    /// <summary>Everything, then <c>COMMIT</c>.</summary>
    Commit,
}
