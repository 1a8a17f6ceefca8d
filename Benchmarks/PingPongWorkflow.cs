using Governance.Workflows;
using Governance.Engine.Runtime;

namespace Governance.Benchmarks;

/// <summary>
/// Two states that hand an instance back and forth on "next". Each entry does what a real step
/// does: closes the work item of the state left and opens one, cancels the old SLA timers and
/// sets a warning and an expiry timer (1 working day), appends a ledger line and owes one email.
/// </summary>
internal static class PingPongWorkflow
{
    public const string Next = "next";

    public static readonly RecipientRule Clerk = new("值班员", (_, _) => Task.FromResult<IReadOnlyList<Recipient>>([new("值班员", "clerk@bench.gov.cn")]));

    public static readonly WorkflowDefinition Definition = WorkflowDefinition.Create("bench-ping-pong", 1, "压测往返", b =>
    {
        foreach (var (state, name, other) in (ReadOnlySpan<(string, string, string)>)[("Ping", "甲方办理", "Pong"), ("Pong", "乙方办理", "Ping")])
        {
            var builder = b.State(state, name)
                .Sla(SlaLimit.WorkingDays(1), "overdue", 0.8, new NotificationSpec("bench.warning", Clerk))
                .WorkItem(i => i.OrgUnit)
                .Notify(new NotificationSpec("bench.entered", Clerk));
            if (state == "Ping")
            {
                builder.Initial();
            }

            b.Permit(state, Next, other, "转办", [Roles.WindowStaff]);
            b.Permit(state, "overdue", other, "超时转办", [Actor.SystemRole]);
        }
    });
}
