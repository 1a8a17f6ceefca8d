using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Governance.Host.Operations;

/// <summary>
/// The browser libraries the pages load, served from the repository's node_modules (installed by
/// <c>npm ci</c> from package-lock.json in run.sh and test.sh), so no copy of them is ever kept in
/// the repository: <c>/lib/mermaid/12.3.0/</c> and <c>/lib/echarts/6.1.0/</c> are their
/// <c>dist</c> folders, the version read from the package's own package.json.
/// <para>
/// The version in the path makes each URL mean one file for ever, so browsers may keep it a year
/// without asking again (<c>immutable</c>), and a new version is a new URL, fetched at once.
/// Mermaid is 5 MB of JavaScript: it goes out compressed (brotli, else gzip; about a fifth),
/// compressed once per request of a browser that has no copy yet. A page names a library through
/// <see cref="Url"/> and only the pages that draw with it load it; an old unversioned URL is
/// redirected to the current one.
/// </para>
/// </summary>
public static class BrowserLibraries
{
    private const string Root = "/lib";

    private static readonly string[] Packages = ["mermaid", "echarts"];

    /// <summary>A year: what browsers and proxies may keep a versioned file without asking.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromDays(365);

    /// <summary>The URL of <paramref name="file"/> in <paramref name="package"/>'s dist folder, with the version this Host serves in it.</summary>
    public static string Url(HttpContext context, string package, string file)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Installed>()?.Versions.TryGetValue(package, out var version) == true
            ? $"{Root}/{package}/{version}/{file}"
            : $"{Root}/{package}/{file}";
    }

    public static WebApplication UseBrowserLibraries(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var nodeModules = app.Configuration["BrowserLibraries:NodeModules"] ?? Find(app.Environment.ContentRootPath) ?? Find(AppContext.BaseDirectory);
        var versions = new Dictionary<string, string>();
        var installed = new Installed(versions);
        app.Use((context, next) =>
        {
            context.Features.Set(installed);
            return next(context);
        });
        foreach (var package in Packages)
        {
            var dist = nodeModules is null ? null : Path.Combine(nodeModules, package, "dist");
            if (dist is null || !Directory.Exists(dist) || VersionOf(Path.Combine(nodeModules!, package, "package.json")) is not { } version)
            {
                app.Logger.LogWarning("Browser library {Package} is not installed (run npm ci at the repository root): pages show its figures as text", package);
                continue;
            }

            versions[package] = version;
            var versioned = $"{Root}/{package}/{version}";
            app.UseWhen(c => c.Request.Path.StartsWithSegments(versioned), b => b
                .UseMiddleware<ResponseCompressionMiddleware>(Compression(app.Services))
                .UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = new PhysicalFileProvider(dist),
                    RequestPath = versioned,
                    OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}, immutable",
                }));

            // A page written before the version was in the path still gets the current file.
            app.Use((context, next) =>
                context.Request.Path.StartsWithSegments($"{Root}/{package}", out var rest) && !context.Request.Path.StartsWithSegments(versioned)
                    ? Redirect(context, $"{versioned}{rest}")
                    : next(context));
        }

        return app;
    }

    /// <summary>The versions this Host serves, for <see cref="Url"/>; filled while the pipeline is built, read only after.</summary>
    private sealed record Installed(Dictionary<string, string> Versions);

    private static Task Redirect(HttpContext context, string to)
    {
        context.Response.Redirect(to);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Brotli first, then gzip, at the codecs' balanced level. Over HTTPS too: a library holds no
    /// secret and echoes nothing of the request, so compression gives an attacker nothing to read (BREACH).
    /// </summary>
    private static ResponseCompressionProvider Compression(IServiceProvider services)
    {
        var options = new ResponseCompressionOptions { EnableForHttps = true, MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/javascript"] };
        options.Providers.Add(new BrotliCompressionProvider(Options.Create(new BrotliCompressionProviderOptions { Level = CompressionLevel.Optimal })));
        options.Providers.Add(new GzipCompressionProvider(Options.Create(new GzipCompressionProviderOptions { Level = CompressionLevel.Optimal })));
        return new ResponseCompressionProvider(services, Options.Create(options));
    }

    private static string? VersionOf(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.TryGetProperty("version", out var v) && v.GetString() is { Length: > 0 } version && !version.Contains('/', StringComparison.Ordinal) ? version : null;
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
