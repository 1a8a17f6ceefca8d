using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Governance.Notifications;

/// <summary>
/// Where a failed attempt leaves an email: back with the dispatcher, due again after a wait that
/// doubles from <see cref="OutboxOptions.FirstRetry"/> up to <see cref="OutboxOptions.RetryCap"/>,
/// and once it has had <see cref="OutboxOptions.MaxAttempts"/> attempts a dead letter, tried every
/// <see cref="OutboxOptions.DeadLetterRetry"/> (and at once when SMTP answers again). Times are
/// the database's, so that every node agrees on them whatever the domain clock says.
/// </summary>
internal static class OutboxRetry
{
    /// <summary>
    /// Rows the dispatcher may hand to Hangfire now, read through <c>ix_outbox_unsent</c> in its
    /// order (<see cref="DueFirst"/>): its front holds the rows not with Hangfire.
    /// </summary>
    public const string Due = """
        sent_at IS NULL AND enqueued_at IS NULL
        AND (claimed_until IS NULL OR claimed_until <= now())
        AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        """;

    /// <summary>
    /// Oldest first among <see cref="Due"/>: enqueued_at is null in all of them, and ordering by
    /// it too is what lets PostgreSQL read them in the index's order, with no sort of them all.
    /// </summary>
    public const string DueFirst = "enqueued_at, created_at";

    /// <summary>Unsent rows no worker holds.</summary>
    public const string Unclaimed = "sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())";

    /// <summary>Which rows a failure is recorded on.</summary>
    public enum Rows
    {
        /// <summary>The one row a worker claimed (parameters <c>@id</c>, <c>@claim</c>: its lease); the claim counted the attempt.</summary>
        Claimed,

        /// <summary>Rows of a batch not tried because the server was away (parameter <c>@ids</c>); each counts an attempt.</summary>
        Untried,

        /// <summary>Every row due now, when SMTP did not answer the dispatcher's probe; each counts an attempt.</summary>
        Due,
    }

    /// <summary>
    /// Records a failed attempt on <paramref name="rows"/>: the lease is released, the email goes
    /// back to the dispatcher, and its next attempt is scheduled. Returns how many rows it changed.
    /// </summary>
    public static Task<int> RecordFailureAsync(
        DatabaseFacade database, Rows rows, IEnumerable<NpgsqlParameter> parameters, string error, OutboxOptions options, CancellationToken ct)
    {
        var (counted, sql) = rows switch
        {
            Rows.Claimed => (0, Failure + "WHERE id = @id AND claimed_until = @claim AND sent_at IS NULL"),
            Rows.Untried => (1, Failure + "WHERE id = ANY(@ids) AND " + Unclaimed),
            _ => (1, Failure + "WHERE " + Due),
        };
        return database.ExecuteSqlRawAsync(
            sql,
            [
                .. parameters,
                new NpgsqlParameter("counted", counted),
                new NpgsqlParameter("error", error.Length > 2000 ? error[..2000] : error),
                new NpgsqlParameter("max_attempts", options.MaxAttempts),
                new NpgsqlParameter("dead_letter_retry", options.DeadLetterRetry),
                new NpgsqlParameter("first_retry", options.FirstRetry),
                new NpgsqlParameter("retry_cap", options.RetryCap),
            ],
            ct);
    }

    private const string Failure = """
            UPDATE wf.outbox SET
                attempts = attempts + @counted,
                enqueued_at = NULL,
                claimed_until = NULL,
                last_error = @error,
                next_attempt_at = now() + CASE
                    WHEN attempts + @counted >= @max_attempts THEN @dead_letter_retry
                    ELSE least(@first_retry * power(2, least(greatest(attempts + @counted - 1, 0), 20)), @retry_cap)
                END

            """;
}
