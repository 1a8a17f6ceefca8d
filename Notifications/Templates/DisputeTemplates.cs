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

/// <summary>To the applicant: a step of their matter (上报 to the next level, 化解, 办结), with its 受理编号 and the page to follow it on.</summary>
public sealed class DisputeProgressed : EmailTemplate
{
    public override string Key => "dispute.progress";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reference = model.Text("details.reference");
        var matter = $"您反映的{model.Text("details.category")}{(reference is null ? "" : $"（受理编号 {reference}）")}";
        var (what, lead) = model.Text("details.closed") == "True"
            ? ("已办结", $"{matter}经回访已办结。感谢您对“三零”平安创建工作的支持。")
            : model.Text("details.resolution") is { } resolution
                ? ("已化解", $"{matter}已由{model.Text("details.level")}化解：{resolution}。工作人员将回访听取您的意见；如不满意，可在回访时提出，事项将重新办理。")
                : ($"已转{model.Text("details.level")}办理",
                    $"{matter}已由{model.Text("details.escalatedFrom")}按程序上报，现由{model.Text("details.level")}办理（“{model.State}”），办理时限 {model.Time("dueAt")}。需要市直部门办理的由代办员代为送达，您不必到上级反映。");
        return Compose(
            $"【办理进度】{matter}{what}",
            recipientName,
            lead,
            [
                ("受理编号", reference),
                ("类别", model.Text("details.category")),
                ("事发地", model.Text("details.place")),
                ("当前环节", model.State),
                ("承办部门", model.Text("details.department")),
                ("查看办理进度", model.Text("details.link")),
            ]);
    }
}

/// <summary>To the township officials and the department: a department's part of a joint handling (联合办理) has used 80 % of its limit.</summary>
public sealed class DisputeJointWarning : EmailTemplate
{
    public override string Key => "dispute.joint-warning";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·黄色预警】{model.Text("details.place")}{model.Text("details.category")}：{model.Text("details.role")}部门{model.Text("details.department")}即将到期",
            recipientName,
            $"以下联合办理事项中，{model.Text("details.role")}部门{model.Text("details.department")}承办的部分将于 {model.Time("dueAt")} 到期，请督促办结。",
            JointRows(model));
    }

    /// <summary>What an official and the department see of a part: the matter, the department and its role, the limit; no party's personal data.</summary>
    internal static IEnumerable<(string, string?)> JointRows(TemplateModel model) =>
    [
        ("事项", model.Text("title")),
        ("类别", model.Text("details.category")),
        ("村（社区）/单位", model.Text("details.place")),
        ("承办部门", model.Text("details.department")),
        ("承办角色", model.Text("details.role")),
        ("办理时限", $"{model.Text("details.workingDays")} 个工作日，至 {model.Time("dueAt")}"),
    ];
}

/// <summary>To the township officials and the department: a department's part of a joint handling is past its limit (超期); the matter waits for it.</summary>
public sealed class DisputeJointOverdue : EmailTemplate
{
    public override string Key => "dispute.joint-overdue";

    public override RenderedEmail Render(TemplateModel model, string recipientName)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Compose(
            $"【三零·红色预警】{model.Text("details.place")}{model.Text("details.category")}：{model.Text("details.role")}部门{model.Text("details.department")}已超期",
            recipientName,
            $"以下联合办理事项中，{model.Text("details.role")}部门{model.Text("details.department")}承办的部分已于 {model.Time("dueAt")} 超过时限仍未办结，事项须待其办结后才能回访，请立即处理。",
            DisputeJointWarning.JointRows(model));
    }
}
