using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>The citizen rates the service through the link's token, without an account: one of five levels and an optional comment.</summary>
public sealed record RateService(string Token, RatingLevel? Level, string? Comment);

/// <summary>What the citizen is told back: the level taken, and whether the hall will follow it up (整改).</summary>
public sealed record RatingReceipt(RatingLevel Level, string LevelName, bool RectificationOpened);

public sealed class RateServiceHandler(WorkflowRuntime runtime, IOptions<RatingOptions> options)
{
    public const int MaxComment = 500;

    /// <summary>
    /// Records the rating in one transaction and, for a bad one, opens the rectification in the
    /// same transaction. Rating twice, or after the link expired, is refused (409).
    /// </summary>
    /// <exception cref="RequestValidationException">The level is missing or unknown, or the comment too long; nothing is stored.</exception>
    /// <exception cref="TransitionRefusedException">An unknown token (404), or a rating no longer possible (409).</exception>
    public Task<RatingReceipt> HandleAsync(RateService command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation()
            .OneOf(command.Level, "level", RatingLevels.DisplayName)
            .Text(command.Comment, "comment", MaxComment, required: false)
            .ThrowIfInvalid();

        var level = command.Level!.Value;
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var rating = await FindAsync(db, command.Token, token);
            var citizen = CitizenOf(rating);
            var rated = TransitionRefusedException.ThrowIfRefused(await runtime.ApplyAtCurrentVersionAsync(
                db,
                rating.Id,
                RatingInvitationWorkflow.Name,
                version => new Stimulus(rating.Id, RatingInvitationWorkflow.Rate, citizen, version, level.DisplayName(), c => c.UpdateData<RatingData>(d => d with { Level = level, Comment = comment })),
                token));

            rating.Rate(level, comment, runtime.Now);
            if (level.IsBad())
            {
                await OpenRectificationAsync(db, rating, rated.Instance!.GetData<RatingData>(), citizen, command.Token, token);
            }

            return new RatingReceipt(level, level.DisplayName(), level.IsBad());
        }, ct);
    }

    /// <summary>The rating row the token names, tracked; an unknown or malformed token is a 404 that says no more.</summary>
    internal static async Task<ServiceRating> FindAsync(EngineDbContext db, string? token, CancellationToken ct)
    {
        var hash = ServiceRating.IsWellFormed(token) ? ServiceRating.HashToken(token!) : null;
        return (hash is null ? null : await db.Set<ServiceRating>().SingleOrDefaultAsync(r => r.TokenHash == hash, ct))
            ?? throw new TransitionRefusedException(new TransitionResult(TransitionOutcome.NotFound, null, "评价链接无效"));
    }

    /// <summary>The anonymous citizen behind a token, as the ledger records them.</summary>
    internal static Actor CitizenOf(ServiceRating rating) => new($"rating:{rating.Id:N}", rating.CitizenName ?? "群众", Roles.Citizen);

    /// <summary>
    /// Opens the rectification. It keeps the rating link the citizen just used (the token is kept
    /// nowhere else but in the invitation email), so the report-back email can carry it: the
    /// citizen follows and appeals the rectification through it. Only the citizen's emails show it.
    /// </summary>
    private async Task OpenRectificationAsync(EngineDbContext db, ServiceRating rating, RatingData d, Actor citizen, string token, CancellationToken ct)
    {
        var rules = options.Value;
        var now = runtime.Now;
        var limits = new RectificationLimits(rules.AppealDays);
        var data = new RectificationData(
            rating.Id, d.HallId, d.HallName, d.WindowId, d.Window, d.Item, d.ServedAt, rating.Level!.Value, rating.Comment, rating.CitizenName, rating.CitizenEmail, limits, now,
            Link: RatingInvitations.LinkOf(rules, token));
        var rectification = await runtime.StartAsync(db, RectificationWorkflow.Name, $"hall/{d.HallId}", $"差评整改 {d.Window} {d.Item}", data, citizen, ct);
        rating.Opened(rectification.Id, rectification.DueAt!.Value);
    }
}
