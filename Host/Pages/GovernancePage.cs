using Governance.Engine;
using Governance.Host.Auth;
using Governance.Workflows;
using Governance.Engine.Calendar;
using Governance.Workflows.Lists;
using Governance.Engine.Runtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Governance.Host.Pages;

/// <summary>
/// What every page shares: the signed-in actor, and the use cases' refusals turned into what a
/// person reads. Field errors (the API's 400 ProblemDetails) land next to their field; a rule's
/// refusal (409), a refused step or no access, at the top of the page.
/// </summary>
public abstract class GovernancePage : PageModel
{
    public List<string> Problems { get; } = [];

    protected Actor Actor => User.ToActor();

    private readonly HashSet<string> _shown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The messages for <paramref name="field"/> (the use case's field name, e.g. <c>idNumber</c>), or null.</summary>
    public string? ErrorFor(string field)
    {
        Shown(field);
        return ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
    }

    /// <summary>
    /// The refusals no field of the page showed: a field the form has no place for, or a value that
    /// did not bind (<c>NewTownship.Kind</c>). The layout says them at the top, after the page has
    /// rendered its fields: an invalid holiday year was refused with no message anywhere.
    /// </summary>
    public IReadOnlyList<string> UnshownErrors() =>
        [.. ModelState.Where(e => e.Value is { Errors.Count: > 0 } && !_shown.Contains(e.Key)).SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage)).Distinct()];

    /// <summary>Records that the page showed <paramref name="field"/>'s errors next to it.</summary>
    protected void Shown(string field) => _shown.Add(field);

    /// <summary>The messages for <paramref name="field"/> of the form for <paramref name="form"/> only (see <see cref="TryAsync(string, Func{Task})"/>), or null.</summary>
    public string? ErrorFor(string field, string form) => ErrorFor(FieldOf(form, field));

    /// <summary>Runs a use case; false (with the reasons recorded for the page) when it refused.</summary>
    protected Task<bool> TryAsync(Func<Task> action) => TryAsync(null, action);

    /// <summary>
    /// As <see cref="TryAsync(Func{Task})"/> for one of several like forms on a page (one per
    /// ticket, say): its field errors are kept under <paramref name="form"/>, so they show under
    /// the form that was posted and not under every form with a field of that name.
    /// </summary>
    protected async Task<bool> TryAsync(string? form, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
            return true;
        }
        catch (RequestValidationException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(form is null ? field : FieldOf(form, field), message);
                }
            }
        }
        catch (RuleViolationException rule)
        {
            Problems.Add($"{rule.Title}：{rule.Detail}");
        }
        catch (TransitionRefusedException refused)
        {
            Problems.Add(refused.Result.Message);
        }
        catch (UnauthorizedAccessException denied)
        {
            Problems.Add(denied.Message);
        }

        return false;
    }

    private static string FieldOf(string form, string field) => $"{form}:{field}";

    /// <summary>
    /// A refusal that came before the handler could catch it (<see cref="Operations.InputRulesPageFilter"/>:
    /// a control character, a date outside 2000–2099, typed into any field) is said at the top of
    /// the page shown again, for a page that can show itself again (<see cref="RedisplayAsync"/>);
    /// any other page leaves it to the 400 page.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        OnPageHandlerExecuting(context);
        if (context.Result is not null)
        {
            return;
        }

        var executed = await next();
        if (executed is { Exception: RequestValidationException invalid, ExceptionHandled: false } && RedisplayAsync(HttpContext.RequestAborted) is { } redisplay)
        {
            Problems.AddRange(invalid.Errors.SelectMany(e => e.Value).Distinct());
            executed.ExceptionHandled = true;
            executed.Result = await redisplay;
        }

        OnPageHandlerExecuted(executed);
    }

    /// <summary>The page as its handlers show it after a refusal, or null if it has none (see <see cref="OnPageHandlerExecutionAsync"/>).</summary>
    protected virtual Task<IActionResult>? RedisplayAsync(CancellationToken ct) => null;

    /// <summary>
    /// Reads a list that grows. A filter in the query string that did not bind (<c>pageNo=abc</c>)
    /// is said next to its field in Chinese (BindingMessages) and the list is read without it; the
    /// query's own refusals land next to their fields too, and then the list is empty.
    /// </summary>
    protected async Task<ListPage<T>> ListAsync<T>(Func<Task<ListPage<T>>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ListPage<T>? list = null;
        return await TryAsync(async () => list = await read()) ? list! : ListPaging.Empty<T>();
    }

    /// <summary>A workflow step: true if applied, else its reason recorded for the page.</summary>
    protected async Task<bool> StepAsync(Func<Task<TransitionResult>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        TransitionResult? result = null;
        if (!await TryAsync(async () => result = await step()))
        {
            return false;
        }

        if (!result!.Applied)
        {
            Problems.Add(result.Message);
        }

        return result.Applied;
    }

    /// <summary>
    /// The version a step's form showed (its hidden <c>version</c> field), which the step names: a
    /// second click or a re-sent form then finds the instance moved on and is refused (409, said
    /// at the top of the page) instead of moving it twice. A form without one is refused too.
    /// </summary>
    protected static int Shown(int? version) =>
        version ?? throw new RuleViolationException("页面已过期", "该页面没有注明所办理的版本，请刷新页面后重试");

    /// <summary>A datetime-local field is China time.</summary>
    protected static DateTimeOffset? ChinaLocal(DateTime? at) => at is { } t ? ChinaTime.At(DateOnly.FromDateTime(t), TimeOnly.FromDateTime(t)) : null;

    /// <summary>
    /// A live part of the page (<c>data-live</c>), which this node may keep for other pages in the
    /// viewer's role and scope (<see cref="Live.LiveParts"/>): it shows nothing else of the viewer.
    /// </summary>
    protected PartialViewResult LivePart(string name, object? model)
    {
        Live.LiveParts.Mark(HttpContext);
        return Partial(name, model);
    }

    /// <summary>No access: the sign-in cookie's answer (the 无权访问 page), not the API's bare 403.</summary>
    protected ForbidResult Denied() => Forbid(IdentityConstants.ApplicationScheme);

    /// <summary>Says what was done on the page the browser is sent to next (never personal data: it rides in a cookie).</summary>
    protected void Done(string message) => TempData["done"] = message;
}
