using System.Globalization;
using System.Net;
using System.Text.Json;
using Governance.Engine.Calendar;

namespace Governance.Notifications.Templates;

/// <summary>A rendered email: subject, plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// A zh-CN email for one kind of notification. The model is the JSON the transition wrote into
/// the outbox (<see cref="Governance.Engine.Runtime.NotificationModel"/>).
/// </summary>
public abstract class EmailTemplate
{
    public abstract string Key { get; }

    public abstract RenderedEmail Render(TemplateModel model, string recipientName);

    /// <summary>A plain title line and label–value rows, rendered as text and as a simple HTML table, where a row's web address is a link.</summary>
    protected static RenderedEmail Compose(string subject, string recipientName, string lead, IEnumerable<(string Label, string? Value)> rows)
    {
        var shown = rows.Where(r => !string.IsNullOrEmpty(r.Value)).ToList();
        var text = $"{recipientName}：\n\n{lead}\n\n" + string.Join('\n', shown.Select(r => $"{r.Label}：{r.Value}")) + "\n";
        var html = $"""
            <html><body style="font-family:sans-serif">
            <p>{WebUtility.HtmlEncode(recipientName)}：</p>
            <p>{WebUtility.HtmlEncode(lead)}</p>
            <table cellpadding="4" style="border-collapse:collapse">
            {string.Concat(shown.Select(r => $"<tr><th align=\"left\">{WebUtility.HtmlEncode(r.Label)}</th><td>{Cell(r.Value!)}</td></tr>"))}
            </table>
            </body></html>
            """;
        return new RenderedEmail(subject, text, html);
    }

    /// <summary>A value as HTML: an absolute http(s) address becomes a link the reader can click, anything else text.</summary>
    private static string Cell(string value)
    {
        var encoded = WebUtility.HtmlEncode(value);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"<a href=\"{encoded}\">{encoded}</a>"
            : encoded;
    }
}

/// <summary>Typed reads over an outbox model.</summary>
public sealed class TemplateModel(JsonElement root)
{
    public static TemplateModel Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new(document.RootElement.Clone());
    }

    public string State => Text("state") ?? "";

    /// <summary>A true/false field; absent is false.</summary>
    public bool Flag(string path) => Find(path) is { ValueKind: JsonValueKind.True };

    /// <summary>A string from the standard fields, or from <c>details</c> with <c>details.</c> in front.</summary>
    public string? Text(string path)
    {
        var element = Find(path);
        return element is { ValueKind: JsonValueKind.String } e ? e.GetString() : element?.ToString();
    }

    /// <summary>An instant shown on the China wall clock, e.g. 2026-11-23 19:00.</summary>
    public string? Time(string path) =>
        Find(path) is { ValueKind: JsonValueKind.String } e && e.TryGetDateTimeOffset(out var t)
            ? ChinaTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : null;

    /// <summary>The objects of an array, each readable like the model itself; empty if there is none.</summary>
    public IReadOnlyList<TemplateModel> Items(string path) =>
        Find(path) is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray().Select(e => new TemplateModel(e))] : [];

    private JsonElement? Find(string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current) || current.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
        }

        return current;
    }
}
