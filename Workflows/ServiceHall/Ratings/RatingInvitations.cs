using System.Text.Json;
using Governance.Engine;
using Governance.Engine.Storage;
using Governance.Workflows.Privacy;
using Governance.Engine.Runtime;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>
/// A service that is done (办结): a completed queue ticket, or a matter served at the window
/// without one. <paramref name="CitizenEmail"/> absent means nobody to invite.
/// </summary>
public sealed record ServedMatter(Guid ServiceId, int HallId, int WindowId, int ItemId, string StaffId, string? CitizenName, string? CitizenEmail, DateTimeOffset ServedAt);

/// <summary>An invitation written: its instance, and the link the email carries (never shown to staff).</summary>
public sealed record RatingInvitationIssued(Guid Id, Guid ServiceId, string Link, DateTimeOffset ExpiresAt);

/// <summary>
/// 好差评 invitations: after a service the citizen gets a link by email to rate it, valid 7
/// calendar days by default. The link carries a random token; the database keeps its SHA-256
/// only, and the token in clear lives in the outbox row that sends it.
/// </summary>
public sealed class RatingInvitations(WorkflowRuntime runtime, IOptions<RatingOptions> options)
{
    public const string Template = "rating.invitation";

    /// <summary>
    /// Invites the citizen inside the caller's transaction (the queue's, when a ticket is
    /// completed), the ledger recording the system as the inviter. Returns null, changing
    /// nothing, when there is no email address or the matter was invited already (a repeated
    /// completion is a no-op).
    /// </summary>
    /// <exception cref="RequestValidationException">A field is malformed, or the hall, window or item does not exist or does not belong together.</exception>
    public Task<RatingInvitationIssued?> InviteAsync(EngineDbContext db, ServedMatter served, CancellationToken ct) =>
        InviteAsync(db, served, Actor.System, ct);

    /// <summary>As <see cref="InviteAsync(WorkflowDbContext, ServedMatter, CancellationToken)"/>, with <paramref name="by"/> in the ledger.</summary>
    public async Task<RatingInvitationIssued?> InviteAsync(EngineDbContext db, ServedMatter served, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(by);
        var email = string.IsNullOrWhiteSpace(served.CitizenEmail) ? null : served.CitizenEmail.Trim();
        if (email is null)
        {
            return null;
        }

        var now = runtime.Now;
        var name = string.IsNullOrWhiteSpace(served.CitizenName) ? null : served.CitizenName.Trim();
        new Validation()
            .Check(served.ServiceId != Guid.Empty, "serviceId", "必填")
            .Check(served.HallId > 0, "hallId", "必填")
            .Check(served.WindowId > 0, "windowId", "必填")
            .Check(served.ItemId > 0, "itemId", "必填")
            .Text(served.StaffId, "staffId", 64)
            .Text(name, "citizenName", 50, required: false)
            .Check(PersonalData.IsEmail(email), "citizenEmail", "邮箱地址格式不正确")
            .Check(served.ServedAt <= now, "servedAt", "办结时间不能晚于当前时间")
            .ThrowIfInvalid();

        if (await db.Set<ServiceRating>().AnyAsync(r => r.ServiceId == served.ServiceId, ct))
        {
            return null;
        }

        var place = await db.Set<ServiceWindow>().AsNoTracking()
            .Where(w => w.Id == served.WindowId && w.HallId == served.HallId)
            .Select(w => new
            {
                Window = w,
                Hall = w.Hall!.Name,
                Item = db.Set<ServiceItem>().Where(i => i.Id == served.ItemId && i.HallId == w.HallId).Select(i => i.Name).SingleOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        new Validation().Check(place is not null, "windowId", "窗口不存在或不属于该服务中心").ThrowIfInvalid();
        new Validation().Check(place!.Item is not null, "itemId", "事项不存在或不属于该服务中心").ThrowIfInvalid();

        var rules = options.Value;
        var expiresAt = runtime.Calendar.AddCalendarDays(now, rules.InvitationValidDays);
        var window = $"{place.Window.Code} {place.Window.Name}";
        var data = new RatingData(served.ServiceId, served.HallId, place.Hall, served.WindowId, window, served.ItemId, place.Item!, served.ServedAt, expiresAt);
        var instance = await runtime.StartAsync(db, RatingInvitationWorkflow.Name, place.Window.OrgUnit, $"好差评 {window} {place.Item}", data, by, ct);

        var token = ServiceRating.NewToken();
        db.Add(new ServiceRating(instance.Id, served with { CitizenName = name, CitizenEmail = email }, ServiceRating.HashToken(token), now, expiresAt));
        var link = LinkOf(rules, token);
        var model = JsonSerializer.Serialize(
            new NotificationModel(instance.Id, RatingInvitationWorkflow.Definition.DisplayName, instance.Title, "待评价", by.Name, null, now, expiresAt,
                new { Hall = place.Hall, Window = window, Item = place.Item, served.ServedAt, Link = link }),
            WorkflowInstance.DataJson);
        await db.AddOutboxOnceAsync(
            new OutboxMessage(Guid.CreateVersion7(now), instance.Id, Template, new Recipient(name ?? "群众", email), model, now, dedupeKey: $"{Template}:{served.ServiceId:N}"),
            ct);
        return new RatingInvitationIssued(instance.Id, served.ServiceId, link, expiresAt);
    }

    /// <summary>The rating page's address for <paramref name="token"/>: /rate/… reads and posts through the same use cases as /api/ratings/….</summary>
    internal static string LinkOf(RatingOptions rules, string token) => PublicAddress.Link(rules.PublicBaseUrl, $"/rate/{token}");
}

/// <summary>
/// Window staff or the hall lead invite a rating for a matter served at the window (e.g. one
/// done without a ticket). The service id, if given, makes a retry safe; the staff member who
/// asks is the one rated.
/// </summary>
public sealed record InviteRating(Guid? ServiceId, int WindowId, int ItemId, string? CitizenName, string? CitizenEmail, DateTimeOffset? ServedAt);

public sealed class InviteRatingHandler(WorkflowRuntime runtime, RatingInvitations invitations)
{
    /// <exception cref="UnauthorizedAccessException">Not window staff or hall lead, or the window is outside the actor's scope.</exception>
    /// <exception cref="RuleViolationException">The matter was invited already.</exception>
    public Task<RatingInvitationIssued> HandleAsync(InviteRating command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        runtime.EnsureMayStart(RatingInvitationWorkflow.Name, actor);
        new Validation()
            .Check(command.WindowId > 0, "windowId", "必填")
            .Check(command.ItemId > 0, "itemId", "必填")
            .Text(command.CitizenEmail, "citizenEmail", 254)
            .ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var window = await db.Set<ServiceWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == command.WindowId, token);
            new Validation().Check(window is not null, "windowId", "窗口不存在").ThrowIfInvalid();
            if (!actor.CanSee(window!.OrgUnit))
            {
                throw new UnauthorizedAccessException("该窗口不在您的职责范围内");
            }

            var serviceId = command.ServiceId ?? Guid.CreateVersion7(runtime.Now);
            var served = new ServedMatter(serviceId, window.HallId, window.Id, command.ItemId, actor.Id, command.CitizenName, command.CitizenEmail, command.ServedAt ?? runtime.Now);
            return await invitations.InviteAsync(db, served, actor, token)
                ?? throw new RuleViolationException("已发送过评价邀请", $"服务 {serviceId} 已发送过评价邀请，不再重复发送");
        }, ct);
    }
}
