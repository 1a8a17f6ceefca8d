namespace Governance.Notifications.Templates;

/// <summary>To the township officials: a step of a 防返贫 warning has used 80 % of its limit (临期预警).</summary>
public sealed class PovertyWarningDue : EmailTemplate
{
    public override string Key => "poverty.warning";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【临期预警】防返贫监测“{model.Text("details.step")}”即将到期：{model.Text("details.place")} {model.Text("details.householder")}户",
            recipientName,
            $"以下防返贫监测预警的“{model.Text("details.step")}”环节将于 {model.Time("dueAt")} 到期，请督促办理。",
            Rows(model));
    }

    /// <summary>What the officials see of a warning: the household by its masked name and ID number.</summary>
    internal static IEnumerable<(string, string?)> Rows(TemplateModel model) =>
    [
        ("预警编号", model.Text("details.reference")),
        ("乡镇（街道）", model.Text("details.township")),
        ("村（社区）", model.Text("details.place")),
        ("户主", model.Text("details.householder")),
        ("身份证号", model.Text("details.idNumber")),
        ("预警来源", model.Text("details.source")),
        ("预警原因", model.Text("details.why")),
        ("当前环节", model.State),
        ("办理时限", model.Time("dueAt")),
    ];
}

/// <summary>To the township officials: a step of a 防返贫 warning is past its limit (超期).</summary>
public sealed class PovertyOverdue : EmailTemplate
{
    public override string Key => "poverty.overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【超期提醒】防返贫监测“{model.Text("details.step")}”已超期：{model.Text("details.place")} {model.Text("details.householder")}户",
            recipientName,
            $"以下防返贫监测预警的“{model.Text("details.step")}”环节已于 {model.Time("dueAt")} 超过时限仍未办理，请立即处理。",
            PovertyWarningDue.Rows(model));
    }
}
