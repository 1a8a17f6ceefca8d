namespace Governance.Notifications.Templates;

/// <summary>To the hall lead: a window has registered an extended-hours service (延时服务).</summary>
public sealed class ExtendedHoursRegistered : EmailTemplate
{
    public override string Key => "extended-hours.registered";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【延时服务】{model.Text("details.window")} {model.Text("details.matter")}",
            recipientName,
            "以下窗口已登记延时服务，须当日办结，请知悉。",
            Rows(model));
    }

    internal static IEnumerable<(string, string?)> Rows(TemplateModel model) =>
    [
        ("窗口", model.Text("details.window")),
        ("事项", model.Text("details.matter")),
        ("服务对象", model.Text("details.applicant")),
        ("联系电话", model.Text("details.phone")),
        ("延时原因", model.Text("details.reason")),
        ("预计办结", model.Time("details.expectedFinish")),
        ("最晚办结", model.Time("details.mustEndBy")),
        ("登记人", model.Text("actor")),
    ];
}

/// <summary>To the hall lead: an extended-hours service is still open past its limit.</summary>
public sealed class ExtendedHoursOverdue : EmailTemplate
{
    public override string Key => "extended-hours.overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【超时提醒】延时服务未按时办结：{model.Text("details.window")} {model.Text("details.matter")}",
            recipientName,
            "以下延时服务已超过当日办结时限仍未办结，请督促处理。",
            ExtendedHoursRegistered.Rows(model));
    }
}
