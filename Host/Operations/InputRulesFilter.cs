using Governance.Engine;
using Governance.Workflows;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.Options;

namespace Governance.Host.Operations;

/// <summary>
/// Holds every API request and every page's bound form to <see cref="InputRules"/> before a use
/// case sees it: a refusal throws <see cref="RequestValidationException"/> (400, naming the
/// fields), so nothing is stored. One place for all routes, not a check in every handler.
/// </summary>
public static class InputRulesFilter
{
    /// <summary>For a minimal-API route group: screens the body and the text parameters (route and query).</summary>
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The body is the one parameter of a request type that is not a service; text parameters come from the route or the query.
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var parameters = context.MethodInfo.GetParameters();
        var screened = new List<(string Field, int Index)>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type == typeof(string))
            {
                screened.Add((parameters[i].Name!, i));
            }
            else if (InputRules.IsRequestType(type) && !services.IsService(type))
            {
                screened.Add(("", i));
            }
        }

        if (screened.Count == 0)
        {
            return next;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return invocation =>
        {
            var validation = new Validation();
            foreach (var (field, index) in screened)
            {
                InputRules.Screen(validation, field, invocation.Arguments[index], json, field.Length == 0 ? InputRules.Source.Body : InputRules.Source.Parameter);
            }

            validation.ThrowIfInvalid();
            return next(invocation);
        };
    }
}

/// <summary>The same for Razor Pages: the handler's arguments and the page's bound properties, as bound from the form.</summary>
public sealed class InputRulesPageFilter(IOptions<JsonOptions> json) : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = json.Value.SerializerOptions;
        var validation = new Validation();
        foreach (var (name, value) in context.HandlerArguments)
        {
            InputRules.Screen(validation, name, value, options, InputRules.Source.Form);
        }

        foreach (var bound in context.ActionDescriptor.BoundProperties)
        {
            if (bound is PageBoundPropertyDescriptor { Property: { } property })
            {
                InputRules.Screen(validation, bound.Name, property.GetValue(context.HandlerInstance), options, InputRules.Source.Form);
            }
        }

        validation.ThrowIfInvalid();
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
