using Governance.Engine;
using Governance.Workflows;

namespace Governance.Host.Api;

/// <summary>
/// Every request that moves an instance names the version it was shown (<c>expectedVersion</c>,
/// the <c>version</c> of the detail or of the previous step's answer): a repeated click or a retry
/// then finds the instance moved on and answers 409, instead of moving it twice.
/// </summary>
public static class StepVersion
{
    /// <exception cref="RequestValidationException">No version: 400 naming <c>expectedVersion</c>.</exception>
    public static int Required(int? expectedVersion)
    {
        new Validation()
            .Check(expectedVersion is not null, "expectedVersion", "必填：请提供本次操作针对的版本（详情中的 version）")
            .ThrowIfInvalid();
        return expectedVersion!.Value;
    }
}
