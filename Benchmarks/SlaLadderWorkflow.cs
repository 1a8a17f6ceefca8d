using Governance.Notifications.Templates;
using Governance.Engine.Runtime;

namespace Governance.Benchmarks;

/// <summary>A ladder case's facts: when the village's limit runs out, and who hears of the red alert (no one if null).</summary>
internal sealed record LadderCaseData(DateTimeOffset LimitAt, string? AlertTo);

/// <summary>
/// The shape of the 三零 dispute ladder's timers (issue 5), for the timers benchmark: a case
/// waits at the village with a work item and a limit; when the limit runs out, the timer pump
/// records the red alert (ledger line, an email to the township official named in the case's
/// data, if any) and fires <c>escalate</c> as the system, which closes the village's work item
/// and opens the township's, with its own limit of 10 working days from the holiday calendar.
/// The village's limit is a deadline held in the data, so the benchmark decides when each timer
/// falls due, as the calendar would.
/// </summary>
internal static class SlaLadderWorkflow
{
    public const string Name = "bench-sla-ladder";

    public const string Village = "Village";

    public const string Township = "Township";

    public const string Escalate = "escalate";

    public const string AlertTemplate = "bench.sla-alert";

    private static readonly RecipientRule Official = new("镇街值班领导", (context, _) =>
        Task.FromResult<IReadOnlyList<Recipient>>(context.Data<LadderCaseData>().AlertTo is { } email ? [new("镇街值班领导", email)] : []));

    public static readonly WorkflowDefinition Definition = WorkflowDefinition.Create(Name, 1, "压测矛盾上交", b =>
    {
        b.State(Village, "村级化解").Initial()
            .Sla(SlaLimit.Until("村级办理时限", c => c.Instance.GetData<LadderCaseData>().LimitAt), Escalate)
            .AlertOnExpiry(new NotificationSpec(AlertTemplate, Official))
            .WorkItem(i => i.OrgUnit);
        b.State(Township, "镇级化解")
            .Sla(SlaLimit.WorkingDays(10), Escalate)
            .WorkItem(i => $"{i.OrgUnit}/township");
        b.State("Department", "部门办理").Final();

        b.Permit(Village, Escalate, Township, "超期上交镇街", [Actor.SystemRole]);
        b.Permit(Township, Escalate, "Department", "超期上交部门", [Actor.SystemRole]);
    });

    /// <summary>The red alert's email: the template the Notifications project would hold for the real ladder.</summary>
    internal sealed class AlertEmail : EmailTemplate
    {
        public override string Key => AlertTemplate;

        public override RenderedEmail Render(TemplateModel model, string recipientName)
        {
            ArgumentNullException.ThrowIfNull(model);
            return Compose(
                $"【超期提醒】{model.Text("title")}",
                recipientName,
                "以下矛盾纠纷已超过村级办理时限，已自动上交镇街。",
                [("事项", model.Text("title")), ("所在环节", model.Text("state")), ("时限", model.Time("dueAt")), ("原因", model.Text("reason"))]);
        }
    }
}
