using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Governance.Host.Operations;

/// <summary>
/// What a page's model binding says of a value it cannot read (letters in a number field, a month
/// that is no month), in Chinese: the framework's own words ("The value 'abc' is not valid for …")
/// would otherwise land next to the field.
/// </summary>
public static class BindingMessages
{
    public static void Localise(DefaultModelBindingMessageProvider messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"“{value}”格式不正确");
        messages.SetMissingBindRequiredValueAccessor(_ => "必填");
        messages.SetMissingKeyOrValueAccessor(() => "必填");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "缺少提交的内容");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”格式不正确");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "格式不正确");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "须为数字");
        messages.SetUnknownValueIsInvalidAccessor(_ => "格式不正确");
        messages.SetValueIsInvalidAccessor(value => $"“{value}”格式不正确");
        messages.SetValueMustBeANumberAccessor(_ => "须为数字");
        messages.SetValueMustNotBeNullAccessor(_ => "必填");
    }
}
