namespace Governance.Notifications.Templates;

/// <summary>To the township officials: a matter of one of their villages went up a level (事权不在本级, or the limit ran out).</summary>
public sealed class DisputeEscalated : EmailTemplate
{
    public override string Key => "dispute.escalated";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·上报】{model.Text("details.place")}{model.Text("details.category")}已由{model.Text("details.escalatedFrom")}上报至{model.Text("details.level")}",
            recipientName,
            $"以下事项已上报，当前环节“{model.State}”，请于 {model.Time("dueAt")} 前督促化解。",
            OfficialRows(model));
    }

    /// <summary>What an official sees of a matter: where, what, who works it, by when; no party's personal data.</summary>
    internal static IEnumerable<(string, string?)> OfficialRows(TemplateModel model) =>
    [
        ("事项", model.Text("title")),
        ("类型", model.Text("details.kind")),
        ("类别", model.Text("details.category")),
        ("镇（乡、街道）", model.Text("details.township")),
        ("村（社区）/单位", model.Text("details.place")),
        ("当前层级", model.Text("details.level")),
        ("村级承办人", model.Text("details.villageHandler")),
        ("承办部门", model.Text("details.department")),
        ("当前环节", model.State),
        ("办理时限", model.Time("dueAt")),
        ("信访办结期限", model.Time("details.petitionDueAt")),
        ("操作人", model.Text("actor")),
        ("说明", model.Text("reason")),
    ];
}

/// <summary>To the township officials: a citizen went over the village's head (越级) to the township or the city.</summary>
public sealed class DisputeSkipLevel : EmailTemplate
{
    public override string Key => "dispute.skip-level";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·越级】{model.Text("details.place")}{model.Text("details.kind")}越级到{model.Text("details.level")}",
            recipientName,
            $"以下事项未经村级化解，群众直接到{model.Text("details.level")}反映，计入该村本月“零上访”考核。请于 {model.Time("dueAt")} 前化解。",
            DisputeEscalated.OfficialRows(model));
    }
}

/// <summary>To the township officials: a level has used 80 % of its limit (临期预警, yellow).</summary>
public sealed class DisputeWarning : EmailTemplate
{
    public override string Key => "dispute.warning";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·黄色预警】{model.Text("details.place")}{model.Text("details.category")}“{model.Text("details.step")}”即将到期",
            recipientName,
            $"以下事项的“{model.Text("details.step")}”环节将于 {model.Time("dueAt")} 到期，请督促办理；到期未化解将自动上报。",
            DisputeEscalated.OfficialRows(model));
    }
}

/// <summary>To the township officials: a level's limit is spent (超期, red); below the department it goes up a level at once.</summary>
public sealed class DisputeOverdue : EmailTemplate
{
    public override string Key => "dispute.overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·红色预警】{model.Text("details.place")}{model.Text("details.category")}“{model.Text("details.step")}”已超期",
            recipientName,
            $"以下事项的“{model.Text("details.step")}”环节已于 {model.Time("dueAt")} 超过时限仍未化解，请立即处理。",
            DisputeEscalated.OfficialRows(model));
    }
}

/// <summary>To the applicant: the time to handle their matter was extended, by how much and why.</summary>
public sealed class DisputeExtended : EmailTemplate
{
    public override string Key => "dispute.extended";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【延期告知】您反映的{model.Text("details.category")}办理期限已延长",
            recipientName,
            $"您反映的事项正在由{model.Text("details.level")}办理，经批准办理期限延长 {model.Text("details.workingDays")} 个工作日，新的办理期限为 {model.Time("dueAt")}。",
            [
                ("类别", model.Text("details.category")),
                ("村（社区）/单位", model.Text("details.place")),
                ("延期理由", model.Text("details.reason")),
                ("信访办结期限", model.Time("details.petitionDueAt")),
            ]);
    }
}
