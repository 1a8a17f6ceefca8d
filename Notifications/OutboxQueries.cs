using Governance.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Notifications;

/// <summary>How much mail is owed, and how much of it has used its retries.</summary>
/// <param name="Oldest">When the oldest owed email was written.</param>
public sealed record OutboxSummary(int Owed, int DeadLetters, DateTimeOffset? Oldest);

/// <summary>An owed email that has had <see cref="OutboxOptions.MaxAttempts"/> attempts; it is still tried again.</summary>
public sealed record DeadLetter(
    Guid Id, string Template, string RecipientName, string RecipientEmail, DateTimeOffset CreatedAt, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt);

/// <summary>The outbox as the health check and the administrator see it (unsent rows only, through <c>ix_outbox_unsent</c>).</summary>
public sealed class OutboxQueries(IDbContextFactory<EngineDbContext> dbFactory, IOptions<OutboxOptions> options)
{
    /// <summary>Dead letters are those with this many attempts or more.</summary>
    public int MaxAttempts => options.Value.MaxAttempts;

    public async Task<OutboxSummary> SummaryAsync(CancellationToken ct)
    {
        var max = options.Value.MaxAttempts;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var summary = await db.Outbox.AsNoTracking()
            .Where(o => o.SentAt == null)
            .GroupBy(_ => 1)
            .Select(g => new OutboxSummary(g.Count(), g.Count(o => o.Attempts >= max), g.Min(o => (DateTimeOffset?)o.CreatedAt)))
            .SingleOrDefaultAsync(ct);
        return summary ?? new OutboxSummary(0, 0, null);
    }

    /// <summary>The oldest <paramref name="limit"/> dead letters.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int limit, CancellationToken ct)
    {
        var max = options.Value.MaxAttempts;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Outbox.AsNoTracking()
            .Where(o => o.SentAt == null && o.Attempts >= max)
            .OrderBy(o => o.CreatedAt)
            .Take(limit)
            .Select(o => new DeadLetter(o.Id, o.Template, o.RecipientName, o.RecipientEmail, o.CreatedAt, o.Attempts, o.LastError, o.NextAttemptAt))
            .ToListAsync(ct);
    }
}
