using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Workflows.Tests.Authorization;

/// <summary>A database of its own: this class's Host runs its timer pump at the ranking's date.</summary>
public sealed class AuthorizationDatabase() : TestDatabase("authz");

/// <summary>
/// Every role (and no one signed in) against every endpoint and page the Host maps, read from its
/// EndpointDataSource: an endpoint missing from <see cref="AccessMatrix"/> fails the test, so a
/// new one cannot be forgotten. Those outside an endpoint's roles must get 401, 403 or a redirect
/// to the sign-in or 无权访问 page; those inside must not. Which records within reach (a township,
/// a hall) is the use cases' business, checked with real records in the second test.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationDatabase database) : IClassFixture<AuthorizationDatabase>, IAsyncLifetime
{
    /// <summary>Tuesday 1 December 2026, 08:00 in China: November can be ranked.</summary>
    private static readonly DateTimeOffset Now = RankingHarness.Cst(2026, 12, 1, 8);

    private GovernanceHost _host = null!;
    private TestCity _city = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(Now.ToUniversalTime()));
        _city = await TestCity.CreateAsync(database, 1, 1);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>One person per role, each in a scope of the test city; cookies, as a browser signs in (the API takes them too).</summary>
    private async Task<Dictionary<string, HttpClient>> PeopleAsync()
    {
        var scopes = new Dictionary<string, string>
        {
            [Roles.Citizen] = "",
            [Roles.WindowStaff] = "hall/1/window/1",
            [Roles.HallLead] = "hall/1",
            [Roles.VillageTeam] = Place.OrgUnitOf(_city.Townships[0].Id, _city.Place(0, 0).Id),
            [Roles.TownshipOfficial] = Township.OrgUnitOf(_city.Townships[0].Id),
            [Roles.Department] = Department.OrgUnitOf(1),
            [Roles.ProxyHandler] = "",
            [Roles.Admin] = "",
        };
        var people = new Dictionary<string, HttpClient> { [AccessMatrix.NoOne] = Client() };
        foreach (var (role, scope) in scopes)
        {
            var (email, password) = await _host.CreateUserAsync(role, scope);
            var client = Client();
            (await client.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            people[role] = client;
        }

        return people;
    }

    private HttpClient Client() => _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Every_endpoint_and_page_refuses_every_role_outside_its_roles_and_admits_those_inside()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(endpoints.Except(AccessMatrix.Rules.Keys));
        Assert.Empty(AccessMatrix.Rules.Keys.Except(endpoints));

        var people = await PeopleAsync();
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var rule = AccessMatrix.Rules[endpoint];
            var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var path = AccessMatrix.Sample(pattern, _city.Townships[0].Id) + rule.Query.Replace("{township}", _city.Townships[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            foreach (var (who, client) in people)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, ct);
                var denied = IsDenied(response);
                if (rule.Admits(who) ? denied && !rule.ByRecord : !denied)
                {
                    wrong.Add($"{endpoint} as {who}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task A_township_official_of_another_township_reads_none_of_this_ones_disputes_alerts_ledger_or_ranking_detail()
    {
        var ct = TestContext.Current.CancellationToken;
        var (mine, other) = (_city.Townships[0], _city.Townships[1]);
        var official = await _host.SignInAsync(Roles.TownshipOfficial, Township.OrgUnitOf(mine.Id));
        var neighbour = await _host.SignInAsync(Roles.TownshipOfficial, Township.OrgUnitOf(other.Id));
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var registered = await official.PostAsJsonAsync("/api/disputes", new
        {
            kind = "dispute", category = "neighbourhood", source = "townshipDirect", placeId = _city.Place(0, 0).Id, summary = "越级到镇：宅基地边界争执",
            parties = new[] { new { name = "王大爷", phone = SanlingHarness.Phone, idNumber = SanlingHarness.IdNumber } },
        }, ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/safety/rankings/2026-11", null, ct)).StatusCode);
        var neighbourCookie = Client();
        var (email, password) = await _host.CreateUserAsync(Roles.TownshipOfficial, Township.OrgUnitOf(other.Id));
        (await neighbourCookie.PostAsJsonAsync("/auth/login?useCookies=true", new { email, password }, ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await official.GetAsync($"/api/disputes/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/disputes/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbourCookie.GetAsync($"/sanling/disputes/{id}", ct)).StatusCode);
        Assert.Equal(0, (await neighbour.GetFromJsonAsync<JsonElement>("/api/disputes", ct)).GetProperty("total").GetInt32());
        Assert.Single((await official.GetFromJsonAsync<JsonElement>("/api/safety/alerts", ct)).EnumerateArray());
        Assert.Empty((await neighbour.GetFromJsonAsync<JsonElement>($"/api/safety/alerts?townshipId={mine.Id}", ct)).EnumerateArray());
        Assert.DoesNotContain(id.ToString(), await (await neighbourCookie.GetAsync("/sanling?handler=Alerts", ct)).Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await official.GetAsync($"/api/safety/townships/{mine.Id}/ledger.csv?month=2026-12", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/safety/townships/{mine.Id}/ledger.csv?month=2026-12", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await neighbour.GetAsync($"/api/safety/three-zeros?townshipId={mine.Id}&month=2026-11", ct)).StatusCode);
        var ranking = await neighbour.GetFromJsonAsync<JsonElement>("/api/safety/rankings/2026-11", ct);
        Assert.Equal([other.Id], ranking.GetProperty("places").EnumerateArray().Select(t => t.GetProperty("townshipId").GetInt32()));
        Assert.DoesNotContain(_city.Place(0, 0).Name, await (await neighbourCookie.GetAsync("/sanling/ranking/2026-11", ct)).Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    /// <summary>Denied: no one signed in (401, or sent to sign in), or the wrong role (403, or sent to 无权访问).</summary>
    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
            && new Uri(new Uri("http://host/"), to).AbsolutePath is "/login" or "/denied");
}
