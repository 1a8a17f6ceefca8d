namespace Governance.Engine;

/// <summary>
/// Bad input, by field. Thrown before anything is committed, so nothing is stored; the Host
/// answers it with a 400 ProblemDetails that names the fields.
/// </summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("请求数据有误: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Collects field errors, then throws them all at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public Validation Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        return this;
    }

    /// <summary>Text that is present and at most <paramref name="maxLength"/> characters.</summary>
    public Validation Text(string? value, string field, int maxLength, bool required = true) =>
        string.IsNullOrWhiteSpace(value)
            ? Check(!required, field, "必填")
            : Check(value.Length <= maxLength, field, $"不能超过 {maxLength} 个字");

    /// <summary>A code (编码) as catalogues write them: letters, digits and hyphens, at most 32.</summary>
    public Validation Code(string? value, string field = "code") =>
        string.IsNullOrWhiteSpace(value)
            ? Check(false, field, "必填")
            : Check(value.Trim().Length <= 32 && value.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), field, "只能用字母、数字和连字符，不超过 32 个");

    /// <summary>
    /// One of <typeparamref name="T"/>'s values (of those <paramref name="allowed"/> lets in): the
    /// refusal names the choices as a person reads them, never the enum's codes; an API client
    /// finds the codes in the schema.
    /// </summary>
    public Validation OneOf<T>(T? value, string field, Func<T, string> displayName, Func<T, bool>? allowed = null)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var choices = Enum.GetValues<T>().Where(v => allowed?.Invoke(v) ?? true).Select(displayName).ToList();
        var named = choices.Count > 1 ? $"{string.Join("、", choices[..^1])}或{choices[^1]}" : string.Concat(choices);
        return Check(value is { } v && Enum.IsDefined(v) && (allowed?.Invoke(v) ?? true), field, $"请选择{named}");
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
