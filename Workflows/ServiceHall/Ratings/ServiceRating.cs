using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>
/// One served matter's 好差评: the invitation (its token, stored only as a hash), the rating once
/// given, and the rectification a bad one opened. The invitation's life (invited → rated or
/// expired) is the workflow instance of the same id; this row holds what the token look-up and
/// the monthly rollup need as columns.
/// </summary>
public sealed class ServiceRating
{
    /// <summary>URL-safe characters: a token of 32 carries 192 random bits.</summary>
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public const int TokenLength = 32;

    private ServiceRating()
    {
    }

    internal ServiceRating(Guid id, ServedMatter served, string tokenHash, DateTimeOffset invitedAt, DateTimeOffset expiresAt)
    {
        Id = id;
        ServiceId = served.ServiceId;
        TokenHash = tokenHash;
        HallId = served.HallId;
        WindowId = served.WindowId;
        ItemId = served.ItemId;
        StaffId = served.StaffId;
        ServedAt = served.ServedAt;
        CitizenName = served.CitizenName;
        CitizenEmail = served.CitizenEmail!;
        InvitedAt = invitedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>Also the id of the invitation's workflow instance.</summary>
    public Guid Id { get; private set; }

    /// <summary>The served matter (a completed ticket, or a service registered at the window): one invitation each.</summary>
    public Guid ServiceId { get; private set; }

    /// <summary>SHA-256 of the link's token: the token itself is in the citizen's email only.</summary>
    public string TokenHash { get; private set; } = "";

    public int HallId { get; private set; }

    public int WindowId { get; private set; }

    public int ItemId { get; private set; }

    /// <summary>Who served: a rating counts for them, and they never see the citizen's contact.</summary>
    public string StaffId { get; private set; } = "";

    public DateTimeOffset ServedAt { get; private set; }

    public string? CitizenName { get; private set; }

    /// <summary>Where the invitation and the report-back (反馈) go; shown only to the hall lead.</summary>
    public string CitizenEmail { get; private set; } = "";

    public DateTimeOffset InvitedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public RatingLevel? Level { get; private set; }

    public string? Comment { get; private set; }

    public DateTimeOffset? RatedAt { get; private set; }

    /// <summary>The rectification (整改) a bad rating opened: its workflow instance.</summary>
    public Guid? RectificationId { get; private set; }

    /// <summary>When the report-back was due: 15 working days (configurable) after the rating.</summary>
    public DateTimeOffset? RectificationDueAt { get; private set; }

    /// <summary>When the citizen was told the outcome (反馈); late if after <see cref="RectificationDueAt"/>.</summary>
    public DateTimeOffset? ReportedAt { get; private set; }

    /// <summary>A new token: <see cref="TokenLength"/> URL-safe characters from the system's CSPRNG.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, TokenLength);

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> could be a token at all, before any look-up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => TokenAlphabet.Contains(c, StringComparison.Ordinal));

    internal void Rate(RatingLevel level, string? comment, DateTimeOffset now)
    {
        Level = level;
        Comment = comment;
        RatedAt = now;
    }

    internal void Opened(Guid rectificationId, DateTimeOffset dueAt)
    {
        RectificationId = rectificationId;
        RectificationDueAt = dueAt;
    }
}

internal sealed class ServiceRatingConfiguration : IEntityTypeConfiguration<ServiceRating>
{
    public void Configure(EntityTypeBuilder<ServiceRating> e)
    {
        e.ToTable("ratings", "ratings");
        e.HasKey(r => r.Id);
        e.Property(r => r.TokenHash).HasMaxLength(64);
        e.HasIndex(r => r.TokenHash).IsUnique();
        e.HasIndex(r => r.ServiceId).IsUnique();
        e.Property(r => r.StaffId).HasMaxLength(64);
        e.Property(r => r.CitizenName).HasMaxLength(50);
        e.Property(r => r.CitizenEmail).HasMaxLength(254);
        e.Property(r => r.Level).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.Comment).HasMaxLength(RateServiceHandler.MaxComment);

        // The monthly rollup reads one hall's ratings of one month.
        e.HasIndex(r => new { r.HallId, r.RatedAt }).HasFilter("rated_at IS NOT NULL");
        e.HasIndex(r => r.RectificationId).HasFilter("rectification_id IS NOT NULL");

        // Ratings are the hall's record: a window or item is retired, never deleted from under them.
        e.HasOne<Hall>().WithMany().HasForeignKey(r => r.HallId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceWindow>().WithMany().HasForeignKey(r => r.WindowId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
