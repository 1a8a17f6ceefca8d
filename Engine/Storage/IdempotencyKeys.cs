using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Engine.Storage;

/// <summary>How long a creating request's <c>Idempotency-Key</c> is remembered (configuration section <c>Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    /// <summary>After this, the same key is a new request. Default 24 hours.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>An answer as it went out: what a repeat of the request gets again, byte for byte.</summary>
public sealed record IdempotentAnswer(int Status, string? ContentType, string? Location, byte[] Body);

public enum IdempotencyOutcome
{
    /// <summary>The first request with the key: it ran, and (if it succeeded) its answer is kept.</summary>
    Answered,

    /// <summary>A repeat: the kept answer, nothing ran.</summary>
    Replayed,

    /// <summary>The key was used for a different request: nothing ran.</summary>
    KeyReused,
}

public sealed record IdempotencyResult(IdempotencyOutcome Outcome, IdempotentAnswer? Answer);

/// <summary>
/// Runs a creating request at most once per caller, route and key. The key's row is inserted in a
/// transaction of its own that stays open while the request runs and commits with the answer, so a
/// duplicate racing it waits on the row's unique index and then reads the answer; a request that
/// failed (an exception, or any answer but 2xx) rolls its key back, and a corrected retry may use it.
/// The one window left: the process dying between the creation's commit and the key's.
/// </summary>
public sealed class IdempotencyKeys(IDbContextFactory<EngineDbContext> dbFactory, [FromKeyedServices(DomainClock.Key)] TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public const int MaxKeyLength = 200;

    /// <summary>Expired keys removed by each claim, besides its own: the table stays small without a job of its own.</summary>
    private const int SweepBatch = 100;

    public async Task<IdempotencyResult> RunAsync(string caller, string route, string key, string requestHash, Func<Task<IdempotentAnswer>> answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUniversalTime();
        var expires = now + options.Value.KeyLifetime;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            DELETE FROM wf.idempotency_keys
            WHERE expires_at <= {now}
              AND ((caller = {caller} AND route = {route} AND key = {key})
                   OR ctid IN (SELECT ctid FROM wf.idempotency_keys WHERE expires_at <= {now} LIMIT {SweepBatch} FOR UPDATE SKIP LOCKED))
            """,
            ct);

        // Waits for a racing request with the same key to end: then its row is there (or gone, if it failed).
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO wf.idempotency_keys (caller, route, key, request_hash, created_at, expires_at)
            VALUES ({caller}, {route}, {key}, {requestHash}, {now}, {expires})
            ON CONFLICT DO NOTHING
            """,
            ct);
        if (claimed == 0)
        {
            var kept = await db.Set<IdempotencyRecord>().AsNoTracking().SingleAsync(k => k.Caller == caller && k.Route == route && k.Key == key, ct);
            await tx.CommitAsync(ct);
            return kept.RequestHash != requestHash
                ? new(IdempotencyOutcome.KeyReused, null)
                : new(IdempotencyOutcome.Replayed, new(kept.Status!.Value, kept.ContentType, kept.Location, kept.Body ?? []));
        }

        var given = await answer();
        if (given.Status is >= 200 and < 300)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                UPDATE wf.idempotency_keys SET status = {given.Status}, content_type = {given.ContentType}, location = {given.Location}, body = {given.Body}
                WHERE caller = {caller} AND route = {route} AND key = {key}
                """,
                ct);
            await tx.CommitAsync(ct);
        }

        return new(IdempotencyOutcome.Answered, given);
    }
}
