using Governance.Engine.Administration;
using Governance.Engine.Runtime;
using Governance.Notifications;
using Governance.Workflows.Administration;
using System.Globalization;
using System.Text.Json;
using Governance.Engine.Calendar;
using Microsoft.AspNetCore.Mvc;

namespace Governance.Host.Pages.Admin;

/// <summary>
/// 实例详情: one instance of any definition as the console shows it, and the administrator's mends,
/// each one transaction with a 台账 line of who and why: cancel it (at the version the page showed,
/// so a second click is refused), fire a failed timer again, send an email again. Moving it to a
/// newer version is the version migration's form (流程版本), linked from here.
/// </summary>
public sealed class InstanceModel(InstanceDetails details, OutboxQueries outbox, CancelInstance cancel, RetryTimer retry, ResendEmail resend) : GovernancePage
{
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The instance version the page showed, which the cancel names.</summary>
    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public Guid? TimerId { get; set; }

    [BindProperty]
    public Guid? OutboxId { get; set; }

    public InstanceDetail Detail { get; private set; } = null!;

    /// <summary>
    /// The instance's data as the page lists it, masked as read: one line per field (nested ones by
    /// their path, <c>limits.maxExtensions</c>), instants in China time, yes/no in words.
    /// </summary>
    public IReadOnlyList<(string Field, string Value)> DataFields { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct);

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        TransitionResult? result = null;
        if (await TryAsync(Form.Cancel, async () => result = await cancel.RunAsync(id, Shown(Version), Reason, Actor, ct)))
        {
            if (result!.Outcome == TransitionOutcome.NotFound)
            {
                return NotFound();
            }

            if (result.Applied)
            {
                Done("已撤销该事项：待办已关闭、定时器已取消，已记入台账");
                return RedirectToPage(new { id });
            }

            Problems.Add(result.Message);
        }

        return await ShowAsync(id, ct, Form.Cancel);
    }

    public async Task<IActionResult> OnPostRetryTimerAsync(Guid id, CancellationToken ct)
    {
        var found = true;
        if (await TryAsync(Form.Timer(TimerId), async () => found = await retry.RunAsync(id, TimerId ?? Guid.Empty, Reason, Actor, ct)) && found)
        {
            Done("已安排立即重新触发该定时器，已记入台账；结果稍后见定时器列表");
            return RedirectToPage(new { id });
        }

        return found ? await ShowAsync(id, ct, Form.Timer(TimerId)) : NotFound();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct)
    {
        Resent? resent = null;
        if (await TryAsync(Form.Outbox(OutboxId), async () => resent = await resend.RunAsync(id, OutboxId ?? Guid.Empty, Reason, outbox.MaxAttempts, Actor, ct)))
        {
            if (resent is null)
            {
                return NotFound();
            }

            Done(resent.Copied ? "已另发一份该邮件（新的 Message-ID），已记入台账" : "已安排该死信立即重试，已记入台账");
            return RedirectToPage(new { id });
        }

        return await ShowAsync(id, ct, Form.Outbox(OutboxId));
    }

    /// <summary>The form whose reason a refusal concerns; the reason typed is kept only in that form.</summary>
    public string? PostedForm { get; private set; }

    /// <summary>The forms of the page, one per action and row, so that a refusal shows under the one posted.</summary>
    public static class Form
    {
        public const string Cancel = "cancel";

        public static string Timer(Guid? id) => $"timer-{id:N}";

        public static string Outbox(Guid? id) => $"outbox-{id:N}";
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct, string? posted = null)
    {
        if (await details.GetAsync(id, outbox.MaxAttempts, ct) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        using (var data = JsonDocument.Parse(detail.MaskedData))
        {
            DataFields = [.. Fields(data.RootElement, "")];
        }

        PostedForm = posted;
        return Page();
    }

    private static IEnumerable<(string Field, string Value)> Fields(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Object when path.Length > 0 && !value.EnumerateObject().Any() => [(path, "（空）")],
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => Fields(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")),
        JsonValueKind.Array when value.GetArrayLength() > 0 => value.EnumerateArray().SelectMany((e, i) => Fields(e, $"{path}[{i}]")),
        JsonValueKind.Array => [(path, "（空）")],
        JsonValueKind.Null => [(path, "—")],
        JsonValueKind.True => [(path, "是")],
        JsonValueKind.False => [(path, "否")],
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) => [(path, ChinaTime.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))],
        JsonValueKind.String => [(path, value.GetString()!)],
        _ => [(path, value.GetRawText())],
    };
}
