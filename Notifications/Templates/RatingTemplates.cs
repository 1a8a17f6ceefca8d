namespace Governance.Notifications.Templates;

/// <summary>To the citizen: the service is done, please rate it (好差评) through the link.</summary>
public sealed class RatingInvitation : EmailTemplate
{
    public override string Key => "rating.invitation";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【好差评】请为您在{model.Text("details.hall")}办理的{model.Text("details.item")}评价",
            recipientName,
            $"您办理的事项已办结。请于 {model.Time("dueAt")} 前打开下方链接，对本次服务作出评价（非常满意、满意、基本满意、不满意、非常不满意）。"
            + "如评价为不满意，我们将回访、核实并整改，并将结果告知您；请保留本邮件，对整改结果有异议时可凭同一链接申诉。",
            [
                ("评价链接", model.Text("details.link")),
                ("服务中心", model.Text("details.hall")),
                ("窗口", model.Text("details.window")),
                ("事项", model.Text("details.item")),
                ("办结时间", model.Time("details.servedAt")),
                ("链接有效期至", model.Time("dueAt")),
            ]);
    }
}

/// <summary>To the hall lead: a bad rating opened a rectification (差评整改).</summary>
public sealed class RatingRectificationOpened : EmailTemplate
{
    public override string Key => "rating.rectification-opened";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【差评整改】{model.Text("details.window")} {model.Text("details.item")}：{model.Text("details.level")}",
            recipientName,
            $"收到一条差评，请回访群众、核实情况、落实整改，并于 {model.Time("dueAt")} 前向群众反馈。",
            LeadRows(model));
    }

    /// <summary>What the lead's emails show: the service and the rating, not the citizen's contact (it is in the rectification's view).</summary>
    internal static IEnumerable<(string, string?)> LeadRows(TemplateModel model) =>
    [
        ("服务中心", model.Text("details.hall")),
        ("窗口", model.Text("details.window")),
        ("事项", model.Text("details.item")),
        ("办结时间", model.Time("details.servedAt")),
        ("评价", model.Text("details.level")),
        ("评价内容", model.Text("details.comment")),
        ("评价人", model.Text("details.citizen")),
        ("申诉理由", model.Text("details.appealReason")),
        ("当前环节", model.State),
        ("办理时限", model.Time("dueAt")),
    ];
}

/// <summary>To the hall lead: a rectification has used 80 % of its limit (临期预警).</summary>
public sealed class RatingRectificationWarning : EmailTemplate
{
    public override string Key => "rating.rectification-warning";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【临期预警】差评整改即将到期：{model.Text("details.window")} {model.Text("details.item")}",
            recipientName,
            $"以下差评整改（当前环节：{model.Text("details.step")}）将于 {model.Time("dueAt")} 到期，请督促办理。",
            RatingRectificationOpened.LeadRows(model));
    }
}

/// <summary>To the hall lead: a rectification is past its limit (超期).</summary>
public sealed class RatingRectificationOverdue : EmailTemplate
{
    public override string Key => "rating.rectification-overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【超期提醒】差评整改已超期：{model.Text("details.window")} {model.Text("details.item")}",
            recipientName,
            $"以下差评整改（当前环节：{model.Text("details.step")}）已于 {model.Time("dueAt")} 超过时限仍未反馈，请立即处理。",
            RatingRectificationOpened.LeadRows(model));
    }
}

/// <summary>To the citizen: what was done about their rating (反馈), and until when they may appeal.</summary>
public sealed class RatingReported : EmailTemplate
{
    public override string Key => "rating.reported";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【好差评】您的评价整改结果反馈：{model.Text("details.item")}",
            recipientName,
            $"感谢您的评价。我们已回访、核实并整改，结果如下。如对结果有异议，可于 {model.Time("details.appealUntil")} 前打开下方评价链接提出申诉。",
            [
                .. CitizenRows(model),
                ("整改反馈", model.Text("details.reply")),
                ("申诉截止", model.Time("details.appealUntil")),
                ("评价链接", model.Text("details.link")),
            ]);
    }

    internal static IEnumerable<(string, string?)> CitizenRows(TemplateModel model) =>
    [
        ("服务中心", model.Text("details.hall")),
        ("窗口", model.Text("details.window")),
        ("事项", model.Text("details.item")),
        ("您的评价", model.Text("details.level")),
    ];
}

/// <summary>To the hall lead: the citizen appealed the outcome, and the rectification waits for review (复核).</summary>
public sealed class RatingAppealed : EmailTemplate
{
    public override string Key => "rating.appealed";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【整改申诉】{model.Text("details.window")} {model.Text("details.item")}",
            recipientName,
            $"群众对差评整改结果提出申诉，请复核并于 {model.Time("dueAt")} 前答复。",
            RatingRectificationOpened.LeadRows(model));
    }
}

/// <summary>To the citizen: the answer to their appeal, which ends the matter.</summary>
public sealed class RatingReviewed : EmailTemplate
{
    public override string Key => "rating.reviewed";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【好差评】您的申诉复核结果：{model.Text("details.item")}",
            recipientName,
            "我们已对您的申诉进行复核，答复如下。本事项至此办结，办理经过可随时通过下方评价链接查看。",
            [.. RatingReported.CitizenRows(model), ("整改反馈", model.Text("details.reply")), ("复核答复", model.Text("details.reviewReply")), ("评价链接", model.Text("details.link"))]);
    }
}
