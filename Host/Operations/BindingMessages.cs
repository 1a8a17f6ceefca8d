using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Governance.Host.Operations;

/// <summary>
/// The model binder's refusals of a page's form in Chinese: its own are English ("The value 'abc'
/// is not valid for Year."), and a person must never read them.
/// </summary>
public static class BindingMessages
{
    public static void Localise(DefaultModelBindingMessageProvider messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"“{value}”格式不正确");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”格式不正确");
        messages.SetUnknownValueIsInvalidAccessor(_ => "格式不正确");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "格式不正确");
        messages.SetValueIsInvalidAccessor(value => $"“{value}”格式不正确");
        messages.SetValueMustBeANumberAccessor(_ => "须为数字");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "须为数字");
        messages.SetValueMustNotBeNullAccessor(_ => "必填");
        messages.SetMissingBindRequiredValueAccessor(_ => "必填");
        messages.SetMissingKeyOrValueAccessor(() => "必填");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "缺少请求内容");
    }
}
