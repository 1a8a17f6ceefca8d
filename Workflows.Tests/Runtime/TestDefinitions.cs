using Governance.Engine.Runtime;

namespace Governance.Workflows.Tests.Runtime;

/// <summary>A small review workflow for exercising the runtime; its "approved" email has a recipient rule that can be made to fail.</summary>
internal static class TestDefinitions
{
    public const string Failing = "boom";

    public static readonly RecipientRule Reviewer = new("审核人", (_, _) => Task.FromResult<IReadOnlyList<Recipient>>([new("审核人", "reviewer@test.gov.cn")]));

    /// <summary>Throws when the instance title is <see cref="Failing"/>, after the transition has already written its rows.</summary>
    public static readonly RecipientRule Fragile = new("易错", (context, _) => context.Instance.Title == Failing
        ? throw new InvalidOperationException("recipient lookup failed")
        : Task.FromResult<IReadOnlyList<Recipient>>([new("申请人", "applicant@test.gov.cn")]));

    public static WorkflowDefinition Review(int version = 1) => WorkflowDefinition.Create("test-review", version, "测试审核", b =>
    {
        b.State("Review", "审核中").Initial()
            .Sla(SlaLimit.WorkingDays(1), "escalate", 0.8, new NotificationSpec("test.warning", Reviewer))
            .WorkItem(i => i.OrgUnit, priority: 5)
            .Notify(new NotificationSpec("test.review", Reviewer));
        b.State("Escalated", "已上报").WorkItem(i => i.OrgUnit + "/up");
        b.State("Approved", "已通过").Final().Notify(new NotificationSpec("test.approved", Fragile));
        b.Permit("Review", "approve", "Approved", "通过", [Roles.WindowStaff]);
        b.Permit("Review", "escalate", "Escalated", "超时上报", [Actor.SystemRole]);
        b.Permit("Escalated", "approve", "Approved", "通过", [Roles.HallLead]);
        if (version > 1)
        {
            b.Permit("Review", "reject", "Approved", "驳回", [Roles.WindowStaff]);
        }
    });

    /// <summary>Closes itself after one working day; closing owes an email through <see cref="Fragile"/>.</summary>
    public static WorkflowDefinition Expiring() => WorkflowDefinition.Create("test-expiring", 1, "测试到期", b =>
    {
        b.State("Open", "办理中").Initial().Sla(SlaLimit.WorkingDays(1), "expire");
        b.State("Closed", "已关闭").Final().Notify(new NotificationSpec("test.closed", Fragile));
        b.Permit("Open", "expire", "Closed", "到期关闭", [Actor.SystemRole]);
    });

    /// <summary>Alerts the reviewer when its working day is spent, and stays where it is.</summary>
    public static WorkflowDefinition Alerting() => WorkflowDefinition.Create("test-alerting", 1, "测试超期提醒", b =>
    {
        b.State("Open", "办理中").Initial().Sla(SlaLimit.WorkingDays(1), expiryTrigger: null).AlertOnExpiry(new NotificationSpec("test.overdue", Reviewer));
        b.State("Done", "已办结").Final();
        b.Permit("Open", "done", "Done", "办结", [Roles.WindowStaff]);
    });
}
