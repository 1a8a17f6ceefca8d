using Governance.Engine.Runtime;

namespace Governance.Workflows.ServiceHall.Ratings;

/// <summary>What the invitation's instance keeps: where and what was served, and the rating once given. No contact data.</summary>
public sealed record RatingData(
    Guid ServiceId,
    int HallId,
    string HallName,
    int WindowId,
    string Window,
    int ItemId,
    string Item,
    DateTimeOffset ServedAt,
    DateTimeOffset ExpiresAt,
    RatingLevel? Level = null,
    string? Comment = null);

/// <summary>
/// 好差评 invitation: <c>Invited</c> (待评价) → <c>Rated</c> (已评价) when the citizen rates
/// through the link, or → <c>Expired</c> (已过期) when the link's time (7 calendar days by
/// default) runs out; the SLA timer fires <c>expire</c> as the system. Rating is possible once:
/// both end states are final. The invitation email is written by <see cref="RatingInvitations"/>
/// itself, since only it holds the token in clear.
/// </summary>
public static class RatingInvitationWorkflow
{
    public const string Name = "rating-invitation";

    public const string Invited = "Invited";
    public const string Rated = "Rated";
    public const string Expired = "Expired";

    public const string Rate = "rate";
    public const string Expire = "expire";

    public static WorkflowDefinition Definition { get; } = WorkflowDefinition.Create(Name, 1, "好差评邀请", b =>
    {
        // Whoever served invites (InviteRating); a matter served in the queue is invited by the system.
        b.StartedBy(Roles.WindowStaff, Roles.HallLead);
        b.State(Invited, "待评价").Initial()
            .Sla(SlaLimit.Until("评价链接 7 个自然日内有效（默认，可配置）", c => c.Instance.GetData<RatingData>().ExpiresAt), Expire);
        b.State(Rated, "已评价").Final();
        b.State(Expired, "已过期").Final();

        b.Permit(Invited, Rate, Rated, "评价", [Roles.Citizen]);
        b.Permit(Invited, Expire, Expired, "链接过期", [Actor.SystemRole]);
    });
}
