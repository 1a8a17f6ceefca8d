namespace Governance.Host.Operations;

/// <summary>
/// Who gets which kind of error answer. The API (and the framework endpoints beside it) keeps its
/// ProblemDetails; every other request is a person's in a browser, who gets a Chinese status page
/// in the site layout (Pages/Status) for an error status or an exception, with the right status
/// code: an unknown URL, a page's NotFound(), an antiforgery failure, a use case that threw.
/// </summary>
public static class StatusPages
{
    /// <summary>The status page's route; a status code rides in <c>?code=</c>, an exception in the handler feature.</summary>
    public const string Path = "/error";

    private static readonly string[] NotPages = ["/api", "/auth", "/health", "/openapi", "/scalar", "/hangfire"];

    public static bool IsPageRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !NotPages.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The exception handler and status code pages, per kind of request; first in the pipeline.</summary>
    public static IApplicationBuilder UseStatusPages(this IApplicationBuilder app)
    {
        app.UseWhen(c => IsPageRequest(c.Request), pages =>
        {
            // A 404 the status page writes (a use case's "not found") is an answer, not a failure to handle.
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = Path, AllowStatusCode404Response = true });
            pages.UseStatusCodePagesWithReExecute(Path, "?code={0}");
        });
        app.UseWhen(c => !IsPageRequest(c.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        return app;
    }
}
