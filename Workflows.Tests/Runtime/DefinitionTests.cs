using Governance.Workflows.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;

namespace Governance.Workflows.Tests.Runtime;

public sealed class DefinitionTests
{
    [Fact]
    public void The_diagram_is_generated_from_the_definition()
    {
        var mermaid = ExtendedHoursWorkflow.Definition.Mermaid;

        Assert.StartsWith("stateDiagram-v2", mermaid, StringComparison.Ordinal);
        Assert.Contains("[*] --> Registered", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered --> Served : serve [办结 (hall_lead/window_staff)]", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered --> Overdue : expire [超时 (system)]", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered : 延时办理中", mermaid, StringComparison.Ordinal);
        Assert.Contains("Served --> [*]", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Registered : 时限 当日闭厅后宽限时间内\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Review : 时限 1 个工作日，80% 预警", TestDefinitions.Review().Mermaid, StringComparison.Ordinal);
        Assert.EndsWith("class Overdue current", ExtendedHoursWorkflow.Definition.MermaidWithCurrent("Overdue"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_that_does_not_fit_together_is_refused()
    {
        Assert.Contains("unknown state", Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Create("bad", 1, "坏", b =>
        {
            b.State("A", "甲").Initial();
            b.Permit("A", "go", "B", "去", [Roles.Admin]);
        })).Message, StringComparison.Ordinal);

        Assert.Contains("does not permit", Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Create("bad", 1, "坏", b =>
            b.State("A", "甲").Initial().Sla(SlaLimit.WorkingDays(1), "expire"))).Message, StringComparison.Ordinal);

        Assert.Contains("two transitions", Assert.Throws<InvalidOperationException>(() => WorkflowDefinition.Create("bad", 1, "坏", b =>
        {
            b.State("A", "甲").Initial();
            b.State("B", "乙");
            b.Permit("A", "go", "B", "去", [Roles.Admin]);
            b.Permit("A", "go", "A", "回", [Roles.Admin]);
        })).Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([TestDefinitions.Review(), TestDefinitions.Review()]));
    }
}
