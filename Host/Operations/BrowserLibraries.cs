using Microsoft.Extensions.FileProviders;

namespace Governance.Host.Operations;

/// <summary>
/// The browser libraries the pages load, served from the repository's node_modules (installed by
/// <c>npm ci</c> from package-lock.json in run.sh and test.sh), so no copy of them is ever kept in
/// the repository: <c>/lib/mermaid/</c> and <c>/lib/echarts/</c> are their <c>dist</c> folders.
/// </summary>
public static class BrowserLibraries
{
    private static readonly string[] Packages = ["mermaid", "echarts"];

    public static WebApplication UseBrowserLibraries(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var nodeModules = app.Configuration["BrowserLibraries:NodeModules"] ?? Find(app.Environment.ContentRootPath) ?? Find(AppContext.BaseDirectory);
        foreach (var package in Packages)
        {
            var dist = nodeModules is null ? null : Path.Combine(nodeModules, package, "dist");
            if (dist is null || !Directory.Exists(dist))
            {
                app.Logger.LogWarning("Browser library {Package} is not installed (run npm ci at the repository root): pages show its figures as text", package);
                continue;
            }

            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(dist), RequestPath = $"/lib/{package}" });
        }

        return app;
    }

    /// <summary>The nearest node_modules at or above <paramref name="start"/>: the Host runs from its project folder (tests) or its build output (run.sh).</summary>
    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules");
            if (Directory.Exists(Path.Combine(candidate, Packages[0])))
            {
                return candidate;
            }
        }

        return null;
    }
}
