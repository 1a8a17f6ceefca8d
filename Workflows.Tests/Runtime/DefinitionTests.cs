using Governance.Engine.Runtime;
using Governance.Workflows.ServiceHall.ExtendedHours;

namespace Governance.Workflows.Tests.Runtime;

public sealed class DefinitionTests
{
    [Fact]
    public void The_diagram_is_generated_from_the_definition()
    {
        var mermaid = ExtendedHoursWorkflow.Definition.Mermaid(Roles.Catalogue);

        Assert.StartsWith("stateDiagram-v2\n\tdirection TB", mermaid, StringComparison.Ordinal);
        Assert.Contains("[*] --> Registered", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered --> Served : 办结 · 窗口工作人员、中心值班领导\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered --> Overdue : 超时 · 系统\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("Registered : 延时办理中", mermaid, StringComparison.Ordinal);
        Assert.Contains("Served --> [*]", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Registered : 时限 当日闭厅后宽限时间内\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("note right of Review : 时限 1 个工作日，80% 预警", TestDefinitions.Review().Mermaid(Roles.Catalogue), StringComparison.Ordinal);
        Assert.EndsWith("class Overdue current", ExtendedHoursWorkflow.Definition.MermaidWithCurrent(Roles.Catalogue, "Overdue"), StringComparison.Ordinal);
    }

    /// <summary>Regression: the edges carried trigger names and role codes (<c>escalate-overdue … (proxy_handler/township_official/village_team)</c>), side by side, 3,400 px wide.</summary>
    [Fact]
    public void The_ladders_diagram_reads_in_Chinese_top_down_with_one_edge_per_pair_of_states()
    {
        var mermaid = Governance.Workflows.SafetyCampaign.Disputes.DisputeWorkflow.Definition.Mermaid(Roles.Catalogue);

        Assert.Contains("\tdirection TB\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("\tAtVillage --> AtTownship : 事权不在本级，上报镇 · 村联动工作队、镇级领导<br/>超期自动上报镇 · 系统\n", mermaid, StringComparison.Ordinal);
        Assert.Single(mermaid.Split('\n'), l => l.StartsWith("\tAtTownship --> WithProxy : ", StringComparison.Ordinal));
        var labels = mermaid.Split('\n').Where(l => l.Contains(" : ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" : ", StringComparison.Ordinal) + 3)..].Replace("<br/>", "", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.DoesNotMatch("[A-Za-z_]", l));
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

        Assert.Throws<InvalidOperationException>(() => new WorkflowRegistry([TestDefinitions.Review(), TestDefinitions.Review()], Roles.Catalogue));
    }
}
