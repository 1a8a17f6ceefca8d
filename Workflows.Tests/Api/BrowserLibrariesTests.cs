using System.Net;
using System.Text.Json;
using Governance.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Api;

/// <summary>
/// Mermaid (5 MB) and ECharts go out compressed, with a year's cache, at a URL that holds their
/// version: a new version is a new URL, so no browser keeps running an old one.
/// </summary>
public sealed class BrowserLibrariesTests(TestDatabase database) : IAsyncLifetime
{
    private readonly string _fakeModules = Path.Combine(Path.GetTempPath(), $"node_modules-{Guid.NewGuid():N}");

    private GovernanceHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_fakeModules))
        {
            Directory.Delete(_fakeModules, recursive: true);
        }
    }

    [Theory]
    [InlineData("mermaid", "mermaid.min.js", "br")]
    [InlineData("mermaid", "mermaid.min.js", "gzip")]
    [InlineData("echarts", "echarts.min.js", "br")]
    public async Task A_library_is_served_compressed_with_a_year_of_immutable_cache_at_its_versioned_url(string package, string file, string encoding)
    {
        var ct = TestContext.Current.CancellationToken;
        var version = InstalledVersion(package);
        using var client = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/lib/{package}/{version}/{file}");
        request.Headers.AcceptEncoding.ParseAdd($"{encoding}");

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var onDisk = new FileInfo(Path.Combine(NodeModules, package, "dist", file)).Length;
        var sent = (await response.Content.ReadAsByteArrayAsync(ct)).Length;
        Assert.True(sent < onDisk / 2, $"{sent} bytes sent for {onDisk} on disk");
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.True(cache.MaxAge >= TimeSpan.FromDays(365), $"max-age {cache.MaxAge}");
        Assert.Contains("immutable", cache.Extensions.Select(e => e.Name));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task A_changed_version_changes_the_url_and_an_unversioned_url_leads_to_the_current_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var dist = Directory.CreateDirectory(Path.Combine(_fakeModules, "mermaid", "dist")).FullName;
        await File.WriteAllTextAsync(Path.Combine(_fakeModules, "mermaid", "package.json"), """{ "name": "mermaid", "version": "99.1.0" }""", ct);
        await File.WriteAllTextAsync(Path.Combine(dist, "mermaid.min.js"), string.Concat(Enumerable.Repeat("window.drawn = true;\n", 2000)), ct);
        await using var newer = new GovernanceHost(database, new FakeTimeProvider(RuntimeHarness.FridayMorning.ToUniversalTime()), new Dictionary<string, string> { ["BrowserLibraries:NodeModules"] = _fakeModules });
        using var installed = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var upgraded = newer.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var before = await installed.GetAsync("/lib/mermaid/mermaid.min.js", ct);
        using var after = await upgraded.GetAsync("/lib/mermaid/mermaid.min.js", ct);

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal($"/lib/mermaid/{InstalledVersion("mermaid")}/mermaid.min.js", before.Headers.Location!.OriginalString);
        Assert.Equal("/lib/mermaid/99.1.0/mermaid.min.js", after.Headers.Location!.OriginalString);
        using var following = newer.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await following.GetAsync($"/lib/mermaid/{InstalledVersion("mermaid")}/mermaid.min.js", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await upgraded.GetAsync("/lib/mermaid/99.1.0/mermaid.min.js", ct)).StatusCode);
    }

    private static string NodeModules
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "node_modules", "mermaid")))
                {
                    return Path.Combine(dir.FullName, "node_modules");
                }
            }

            throw new InvalidOperationException("node_modules with mermaid not found (run npm ci at the repository root)");
        }
    }

    private static string InstalledVersion(string package)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(NodeModules, package, "package.json")));
        return json.RootElement.GetProperty("version").GetString()!;
    }
}
