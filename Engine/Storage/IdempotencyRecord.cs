using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Engine.Storage;

/// <summary>
/// A creating request's <c>Idempotency-Key</c>, per caller and route: the hash of what was asked,
/// and, once it succeeded, the answer given, replayed to a repeat of it until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    /// <summary>The signed-in person's id, or empty for those who need no account (booking, check-in).</summary>
    public string Caller { get; private set; } = "";

    /// <summary>Method and path, e.g. <c>POST /api/disputes</c>.</summary>
    public string Route { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the request (path, query and the bound body), hex.</summary>
    public string RequestHash { get; private set; } = "";

    /// <summary>Null while the first request with the key is still being answered.</summary>
    public int? Status { get; private set; }

    public string? ContentType { get; private set; }

    public string? Location { get; private set; }

    public byte[]? Body { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
}

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.ToTable("idempotency_keys", "wf");
        e.HasKey(k => new { k.Caller, k.Route, k.Key });
        e.Property(k => k.Caller).HasMaxLength(64);
        e.Property(k => k.Route).HasMaxLength(300);
        e.Property(k => k.Key).HasMaxLength(IdempotencyKeys.MaxKeyLength);
        e.Property(k => k.RequestHash).HasMaxLength(64);
        e.Property(k => k.ContentType).HasMaxLength(200);
        e.Property(k => k.Location).HasMaxLength(500);
        e.HasIndex(k => k.ExpiresAt);
    }
}
