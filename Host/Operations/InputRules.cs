using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Governance.Engine;
using Governance.Workflows;
using Governance.Engine.Calendar;

namespace Governance.Host.Operations;

/// <summary>
/// The rules every value a request carries must keep, whatever the route or page: text has no
/// control characters and no broken UTF-16, and is at most <see cref="MaxText"/> characters (the
/// longest column a request fills is 2,000; the use cases hold each field to its own column);
/// line breaks and tabs are allowed in a body's or a form's text (notes and reasons have several
/// lines), never in a route or query value. A date is a <see cref="PlausibleDates"/> one; a body's list
/// has no null items. PostgreSQL refuses a NUL in text with an error, a date in year 9999
/// overflows the arithmetic on it, a null party was dereferenced: all were 500s. Objects are
/// walked by their JSON contract, so the fields are named as the caller wrote them
/// (<c>parties[0].name</c>).
/// </summary>
public static class InputRules
{
    public const int MaxText = 2000;

    private const int MaxDepth = 16;

    /// <summary>Where a value came from, which decides two rules.</summary>
    public enum Source
    {
        /// <summary>A JSON body: text may have line breaks and tabs; a list has no null items.</summary>
        Body,

        /// <summary>A route or query value: one line.</summary>
        Parameter,

        /// <summary>A page's form: text may have line breaks and tabs (a textarea); a list of inputs may have blank ones.</summary>
        Form,
    }

    /// <summary>Adds to <paramref name="validation"/> what is wrong with <paramref name="value"/>, named <paramref name="field"/> ("" for a request body).</summary>
    public static void Screen(Validation validation, string field, object? value, JsonSerializerOptions json, Source source) =>
        Screen(validation, field, value, json, source, 0);

    /// <summary>What is wrong with a piece of text, or null; <paramref name="lines"/>: line breaks and tabs are allowed.</summary>
    public static string? TextProblem(string text, bool lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(lines && c is '\n' or '\r' or '\t'))
            {
                return "不能含控制字符";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "含无效字符";
            }
        }

        return text.Length > MaxText ? $"不能超过 {MaxText} 个字" : null;
    }

    private static void Screen(Validation validation, string field, object? value, JsonSerializerOptions json, Source source, int depth)
    {
        var key = field.Length == 0 ? "body" : field;
        switch (value)
        {
            case null or bool or char or Guid or TimeOnly or TimeSpan or Enum:
                return;
            case string text:
                if (TextProblem(text, lines: source != Source.Parameter) is { } problem)
                {
                    validation.Check(false, key, problem);
                }

                return;
            case DateOnly date:
                CheckDate(validation, key, date);
                return;
            case DateTime instant:
                CheckDate(validation, key, DateOnly.FromDateTime(instant));
                return;
            case DateTimeOffset instant:
                CheckDate(validation, key, DateOnly.FromDateTime(instant.UtcDateTime));
                return;
            case IEnumerable items when depth < MaxDepth:
                var i = 0;
                foreach (var item in items)
                {
                    validation.Check(item is not null || source == Source.Form, $"{field}[{i}]", "不能为 null");
                    Screen(validation, $"{field}[{i++}]", item, json, source, depth + 1);
                }

                return;
        }

        if (value.GetType().IsPrimitive || value is decimal || depth >= MaxDepth || !IsRequestType(value.GetType()))
        {
            return;
        }

        var contract = json.GetTypeInfo(value.GetType());
        if (contract.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in contract.Properties)
        {
            if (property.Get is { } get)
            {
                Screen(validation, field.Length == 0 ? property.Name : $"{field}.{property.Name}", get(value), json, source, depth + 1);
            }
        }
    }

    /// <summary>The project's own request types and Identity's; never a framework object that happens to be bound.</summary>
    public static bool IsRequestType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Namespace is { } ns
            && (ns.StartsWith("Governance.", StringComparison.Ordinal) || ns == "Microsoft.AspNetCore.Identity.Data");
    }

    private static void CheckDate(Validation validation, string field, DateOnly date) =>
        validation.Check(PlausibleDates.Contains(date), field, PlausibleDates.Hint);
}
