using Governance.Engine;
using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>
/// The citizen, not satisfied with the report-back (反馈), appeals (申诉) through the same rating
/// link within the appeal window (7 calendar days by default): the rectification reopens for the
/// hall lead's review (复核), with a deadline of its own.
/// </summary>
public sealed record AppealRectification(string Token, string? Reason);

public sealed class AppealRectificationHandler(WorkflowRuntime runtime)
{
    public const int MaxReason = 500;

    /// <exception cref="RequestValidationException">No reason, or too long a one; nothing is stored.</exception>
    /// <exception cref="RuleViolationException">The rating opened no rectification.</exception>
    /// <exception cref="TransitionRefusedException">An unknown token (404); not yet reported back, appealed already, or the window has passed (409).</exception>
    public Task<TransitionResult> HandleAsync(AppealRectification command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        new Validation().Text(command.Reason, "reason", MaxReason).ThrowIfInvalid();

        var reason = command.Reason!.Trim();
        return runtime.InTransactionAsync(async (db, token) =>
        {
            var rating = await RateServiceHandler.FindAsync(db, command.Token, token);
            var id = rating.RectificationId ?? throw new RuleViolationException("不能申诉", "该评价未产生整改事项，无需申诉");
            return TransitionRefusedException.ThrowIfRefused(await runtime.ApplyAtCurrentVersionAsync(
                db, id, RectificationWorkflow.Name, version => new Stimulus(id, RectificationWorkflow.Appeal, RateServiceHandler.CitizenOf(rating), version, reason, Reopen), token));

            void Reopen(TransitionContext c) => c.UpdateData<RectificationData>(d => d with
            {
                AppealReason = reason,
                AppealedAt = c.Now,
            });
        }, ct);
    }
}
