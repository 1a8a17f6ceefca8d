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
using Microsoft.EntityFrameworkCore;
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
public sealed partial class AuthorizationMatrixTests(AuthorizationDatabase database) : IClassFixture<AuthorizationDatabase>, IAsyncLifetime
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

            // A first page sets the antiforgery cookie (the layout's sign-out form): from then on, answers differ only by what they say.
            (await client.GetAsync("/", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
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

                // Headers only: the live event stream never ends, and the status says all this test asks.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
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

    /// <summary>
    /// Every route that takes an instance's id, called by each role the route admits on an instance
    /// that role may not reach (another township's matter, another hall's visit, another person's
    /// request), answers exactly as for an id that does not exist: status, content type, headers
    /// and body (apart from its traceId), whether the body is valid, invalid, or names no version.
    /// Scope is checked before anything is read or validated, so the answer tells nothing.
    /// </summary>
    [Fact]
    public async Task An_instance_out_of_reach_answers_exactly_as_one_that_does_not_exist()
    {
        var ct = TestContext.Current.CancellationToken;
        var other = _city.Townships[1];
        var official = await _host.SignInAsync(Roles.TownshipOfficial, Township.OrgUnitOf(other.Id));
        var registered = await official.PostAsJsonAsync("/api/disputes", new
        {
            kind = "dispute", category = "neighbourhood", source = "walkIn", placeId = _city.Place(1, 0).Id, summary = "另一镇的宅基地边界争执",
            parties = new[] { new { name = "李大爷", phone = SanlingHarness.Phone, idNumber = SanlingHarness.IdNumber } },
        }, ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var dispute = (await registered.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var @case = await official.PostAsJsonAsync("/api/safety/cases", new { placeId = _city.Place(1, 0).Id, type = "publicSecurity", occurredAt = Now.AddDays(-2), summary = "另一镇的聚众斗殴" }, ct);
        Assert.Equal(HttpStatusCode.Created, @case.StatusCode);
        var incident = (await @case.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        // The people's hall is hall 1: the instances are another hall's.
        var hall = (await TestHall.CreateAsync(database)) is { Hall.Id: not 1 } first ? first : await TestHall.CreateAsync(database);
        var itemId = await ServiceHall.RatingHarness.ItemAsync(database, hall);
        var otherStaff = new Engine.Runtime.Actor("staff-elsewhere", "他厅窗口人员", Roles.WindowStaff, hall.Windows[0].OrgUnit);
        await _host.Services.GetRequiredService<Workflows.ServiceHall.Queue.IssueTicketHandler>().HandleAsync(new(itemId, null, null, null, null), otherStaff, ct);
        var ticket = (await _host.Services.GetRequiredService<Workflows.ServiceHall.Queue.CallNextHandler>().HandleAsync(hall.Windows[0].Id, otherStaff, ct))!.Id;
        var homeVisit = await InstanceRowAsync(Workflows.ServiceHall.HomeVisits.HomeVisitWorkflow.Definition, $"hall/{hall.Hall.Id}");
        var extendedHours = await InstanceRowAsync(Workflows.ServiceHall.ExtendedHours.ExtendedHoursWorkflow.Definition, hall.Windows[0].OrgUnit);
        var rectification = await InstanceRowAsync(Workflows.ServiceHall.Ratings.RectificationWorkflow.Definition, $"hall/{hall.Hall.Id}");
        var otherOfficial = new Engine.Runtime.Actor("official-elsewhere", "他镇镇级领导", Roles.TownshipOfficial, Township.OrgUnitOf(other.Id));
        var warning = (await _host.Services.GetRequiredService<Workflows.PovertyMonitoring.ReportHouseholdHandler>().HandleAsync(
            new(PovertyMonitoring.PovertyHarness.NewIdNumber(), "李大爷", _city.Place(1, 0).Id, "另一镇的因病困难户"), otherOfficial, ct)).Id;

        // Who legitimately reaches each (the administrator everything, the proxy handler the city's matters) is not asked.
        var instances = new (string Prefix, Guid Id, string[] Reaching)[]
        {
            ("/api/disputes/", dispute, [Roles.Admin, Roles.ProxyHandler]),
            ("/sanling/disputes/", dispute, [Roles.Admin, Roles.ProxyHandler]),
            ("/api/my/disputes/", dispute, []),
            ("/my/disputes/", dispute, []),
            ("/api/home-visits/", homeVisit, [Roles.Admin]),
            ("/staff/home-visits/", homeVisit, []),
            ("/my/home-visits/", homeVisit, []),
            ("/api/extended-hours/", extendedHours, [Roles.Admin]),
            ("/api/queue/tickets/", ticket, []),
            ("/api/safety/accidents/", incident, [Roles.Admin]),
            ("/api/safety/cases/", incident, [Roles.Admin]),
            ("/api/ratings/rectifications/", rectification, [Roles.Admin]),
            ("/lead/rectifications/", rectification, []),
            ("/api/poverty/warnings/", warning, [Roles.Admin]),
            ("/poverty/warnings/", warning, [Roles.Admin]),

            // The instance console is the administrator's alone, over every instance.
            ("/api/admin/instances/", dispute, [Roles.Admin]),
            ("/admin/instances/", dispute, [Roles.Admin]),
        };
        var visitAt = Now.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var valid = $$"""{"reason":"测试","note":"测试","resolution":"测试","workingDays":1,"satisfied":true,"notice":"电话告知","visitAt":"{{visitAt}}","staff":"张三","whatWasDone":"受理","outcome":"completed","trips":1,"field":"phone","toWindowId":1,"expectedVersion":0}""";
        string[] bodies = [valid, """{"expectedVersion":0}""", """{"reason":"","note":"","workingDays":-1,"expectedVersion":0}""", "{}"];

        var people = await PeopleAsync();
        var routes = AccessMatrix.Rules.Keys.Where(r => r.Contains("{id:guid}", StringComparison.Ordinal)).ToList();
        var wrong = new List<string>();
        var asked = 0;
        foreach (var endpoint in routes)
        {
            var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var (prefix, id, reaching) = instances.SingleOrDefault(i => pattern.StartsWith(i.Prefix, StringComparison.Ordinal));
            Assert.True(prefix is not null, $"{endpoint}: no out-of-reach instance for this route; add one");
            foreach (var (who, client) in people.Where(p => AccessMatrix.Rules[endpoint].Admits(p.Key) && !reaching.Contains(p.Key)))
            {
                foreach (var body in method == "GET" ? [""] : bodies)
                {
                    var outOfReach = await AnswerAsync(client, method, AccessMatrix.Sample(pattern.Replace("{id:guid}", id.ToString(), StringComparison.Ordinal), _city.Townships[0].Id), body, ct);
                    var absent = await AnswerAsync(client, method, AccessMatrix.Sample(pattern.Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal), _city.Townships[0].Id), body, ct);
                    asked++;
                    // A reveal refuses absent and out-of-reach alike with its own 403; every other route's answer is 404,
                    // unless the body lacks a field the request type requires: the JSON binding refuses that before
                    // anything is read, so both answers are that same 400.
                    var notFound = pattern.Contains("/reveal", StringComparison.Ordinal) ? "403 " : "404 ";
                    if (outOfReach != absent
                        || (body.Contains("expectedVersion", StringComparison.Ordinal) || method == "GET") && !outOfReach.StartsWith(notFound, StringComparison.Ordinal) && !LacksRequiredField(absent, body))
                    {
                        wrong.Add($"{endpoint} as {who} with {(body.Length == 0 ? "no body" : body)}:\n  out of reach: {outOfReach}\n  absent:       {absent}");
                    }
                }
            }
        }

        // A window of another hall refuses as an unknown window does (403, the same words).
        foreach (var endpoint in AccessMatrix.Rules.Keys.Where(r => r.Contains(" /api/", StringComparison.Ordinal) && r.Contains("{windowId:int}", StringComparison.Ordinal)))
        {
            var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            foreach (var (who, client) in people.Where(p => AccessMatrix.Rules[endpoint].Admits(p.Key)))
            {
                var outOfReach = await AnswerAsync(client, method, pattern.Replace("{windowId:int}", hall.Windows[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "{}", ct);
                var absent = await AnswerAsync(client, method, pattern.Replace("{windowId:int}", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "{}", ct);
                asked++;
                if (outOfReach != absent || !outOfReach.StartsWith("403 ", StringComparison.Ordinal))
                {
                    wrong.Add($"{endpoint} as {who}:\n  out of reach: {outOfReach}\n  absent:       {absent}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.True(asked > 100, $"only {asked} calls were made");
    }

    /// <summary>An instance row as a feature's start would leave it, of another hall: reach is decided on the row, before its facts are read.</summary>
    private async Task<Guid> InstanceRowAsync(Engine.Runtime.WorkflowDefinition definition, string orgUnit)
    {
        var id = Guid.CreateVersion7();
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO wf.instances (id, definition_name, definition_version, state, org_unit, title, data, version, created_at, updated_at, state_entered_at)
            VALUES ({id}, {definition.Name}, {definition.Version}, {definition.InitialState}, {orgUnit}, '他厅的事项', {"{}"}::jsonb, 0, now(), now(), now())
            """,
            TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>What a caller is told: status, content type, the headers' names and Location, and the body without its traceId.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, string method, string path, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, ct);
        var headers = string.Join(",", response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k is not ("Date" or "Content-Length")).Order(StringComparer.Ordinal));
        // A page's antiforgery token (the sign-out form's) is new in every answer.
        var text = AntiforgeryValue().Replace(TraceId().Replace(await response.Content.ReadAsStringAsync(ct), ""), "");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} [{headers}] {response.Headers.Location} {text}";
    }

    /// <summary>Whether <paramref name="answer"/> is the JSON binding's 400 for required fields that <paramref name="body"/> does not have.</summary>
    private static bool LacksRequiredField(string answer, string body)
    {
        // The answer has its traceId cut out (see AnswerAsync), which leaves a trailing comma.
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        if (!answer.StartsWith("400 ", StringComparison.Ordinal) || start < 0
            || System.Text.Json.Nodes.JsonNode.Parse(answer[start..], documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true })?["errors"] is not System.Text.Json.Nodes.JsonObject errors)
        {
            return false;
        }

        var sent = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        return errors.Count > 0 && errors.All(e => !sent.ContainsKey(e.Key));
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    [System.Text.RegularExpressions.GeneratedRegex("(?<=name=\"__RequestVerificationToken\" type=\"hidden\" value=\")[^\"]*")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryValue();

    /// <summary>Denied: no one signed in (401, or sent to sign in), or the wrong role (403, or sent to 无权访问).</summary>
    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
            && new Uri(new Uri("http://host/"), to).AbsolutePath is "/login" or "/denied");
}
