using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Governance.Workflows.Privacy;
using Governance.Workflows.SafetyCampaign.Organisation;
using Governance.Workflows.Tests.Authorization;
using Governance.Workflows.Tests.Infrastructure;
using Governance.Workflows.Tests.SafetyCampaign;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Governance.Workflows.Tests.Api;

/// <summary>A database of its own: the fuzz compares whole tables before and after, so no other test may write them meanwhile.</summary>
public sealed class FuzzDatabase() : TestDatabase("fuzz");

/// <summary>
/// Every write route of the Host's OpenAPI document (POST, PUT, PATCH, DELETE), called by a
/// person its rules admit, with hostile values generated per schema property by CsCheck: control
/// characters, broken UTF-16, <c>null</c> and missing values where the schema says there is always
/// one, text past any column, absurd dates and times, numbers for enums, out-of-range and wrongly
/// typed numbers, emails MailKit cannot send to, ID numbers with a valid checksum but no real
/// birth date or region; and, for the whole body, none, not JSON, the wrong JSON and the wrong
/// content type. Each request starts from a well-formed body of real records (this city's place,
/// this hall's window and item) with one value spoilt, so a refusal must come from that value.
/// Asserted: no 5xx; a 400/415 is a problem in Chinese naming fields; no row of any domain table
/// (all schemas but Hangfire's and Quartz's) changes. The seed is fixed (override with the
/// environment's <c>FUZZ_SEED</c>) and printed with every failure.
/// </summary>
public sealed partial class HostileInputFuzzTests(FuzzDatabase database, ITestOutputHelper output) : IClassFixture<FuzzDatabase>, IAsyncLifetime
{
    private const int IterationsPerRoute = 60;

    private static readonly DateTimeOffset Now = RankingHarness.Cst(2026, 12, 1, 8);

    /// <summary>Routes that answer 200 whatever address they are given, so as not to tell who has an account.</summary>
    private static readonly HashSet<string> AlwaysOk = ["POST /auth/forgotPassword", "POST /auth/resendConfirmationEmail"];

    private GovernanceHost _host = null!;
    private TestCity _city = null!;
    private TestHall _hall = null!;
    private int _itemId;
    private JsonObject _components = null!;

    public async ValueTask InitializeAsync()
    {
        _host = new GovernanceHost(database, new FakeTimeProvider(Now.ToUniversalTime()));
        _city = await TestCity.CreateAsync(database, 1);
        _hall = await TestHall.CreateAsync(database);
        var admin = await _host.SignInAsync(Roles.Admin, "");
        var item = await admin.PostAsJsonAsync($"/api/admin/halls/{_hall.Hall.Id}/items", new { code = "FZ-1", name = "模糊测试事项", windowIds = new[] { _hall.Windows[0].Id } });
        item.EnsureSuccessStatusCode();
        _itemId = (await item.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_write_route_answers_hostile_input_with_a_chinese_4xx_naming_the_field_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } given ? given : new PCG(12, 2026).ToString();
        var document = JsonNode.Parse(await _host.CreateClient().GetStringAsync("/openapi/v1.json", ct))!.AsObject();
        _components = document["components"]!["schemas"]!.AsObject();
        var routes = WriteRoutes(document).ToList();
        var rules = AccessMatrix.Rules.ToDictionary(r => Normalised(r.Key), r => r.Value);
        Assert.Equal(rules.Keys.Where(k => k.Split(' ')[0] is "POST" or "PUT" or "PATCH" or "DELETE").Order(StringComparer.Ordinal), routes.Select(r => r.Key).Order(StringComparer.Ordinal));

        var callers = new Dictionary<string, HttpClient>();
        var failures = new List<string>();
        var requests = 0;
        foreach (var route in routes)
        {
            var caller = await CallerAsync(callers, rules[route.Key]);
            var cases = CasesOf(route).ToList();
            var before = await SnapshotAsync(ct);
            try
            {
                await Gen.Int[0, cases.Count - 1].SelectMany(i => cases[i]).SampleAsync(
                    async c =>
                    {
                        Interlocked.Increment(ref requests);
                        if (await WrongAnswerAsync(route, caller, c, ct) is { } wrong)
                        {
                            throw new InvalidOperationException(wrong);
                        }
                    },
                    seed: seed,
                    iter: Math.Max(IterationsPerRoute, cases.Count * 2),
                    threads: 1,
                    print: c => c.ToString());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"{route.Key}: {ex.Message}\n{ex.InnerException?.Message}");
            }

            var after = await SnapshotAsync(ct);
            var changed = before.Where(t => after[t.Key] != t.Value).Select(t => t.Key).ToList();
            if (changed.Count > 0)
            {
                failures.Add($"{route.Key}: rows written in {string.Join(", ", changed)}");
            }
        }

        output.WriteLine($"{routes.Count} write routes, {requests} hostile requests, seed {seed}");
        Assert.True(failures.Count == 0, $"seed {seed} (set FUZZ_SEED to replay)\n" + string.Join("\n\n", failures));
    }

    /// <summary>One hostile request: where it goes, its body (null: none) and content type, and what was spoilt.</summary>
    private sealed record Case(string Spoilt, string Path, string? Body, string ContentType = "application/json")
    {
        /// <summary>A header parameter of the route (Idempotency-Key) with its spoilt value.</summary>
        public (string Name, string Value)? Header { get; init; }

        public override string ToString() => $"{Spoilt} → {Path} {ContentType} {Shorten(Body)}";

        private static string Shorten(string? body) => body is null ? "(no body)" : body.Length > 300 ? body[..300] + $"…({body.Length})" : body;
    }

    private sealed record Route(string Method, string Pattern, IReadOnlyList<(string Name, string In, JsonObject Schema)> Parameters, JsonObject? Body)
    {
        public string Key => $"{Method} {Pattern}";
    }

    private async Task<string?> WrongAnswerAsync(Route route, HttpClient caller, Case c, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), c.Path);
        if (c.Body is not null)
        {
            request.Content = new StringContent(c.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(c.ContentType) { CharSet = "utf-8" };
        }

        if (c.Header is { } header && !request.Headers.TryAddWithoutValidation(header.Name, header.Value))
        {
            // HttpClient will not put this value on the wire at all (a line break, say): no server sees it.
            return null;
        }

        using var response = await caller.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (status >= 500)
        {
            return $"{status} for {c}: {text}";
        }

        if (status < 400 && !AlwaysOk.Contains(route.Key))
        {
            return $"{status}, accepted: {c}";
        }

        if (status is 400 or 415)
        {
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(text) : null;
            var fields = problem?["errors"] as JsonObject;
            if (fields is not { Count: > 0 } || problem!["title"]?.GetValue<string>() is not { } title || !Chinese().IsMatch(title + string.Concat(fields.Select(f => f.Value?.ToJsonString()))))
            {
                return $"{status} without a Chinese problem naming a field for {c}: {text}";
            }
        }

        return null;
    }

    /// <summary>The hostile cases of a route, each a generator of requests.</summary>
    private IEnumerable<Gen<Case>> CasesOf(Route route)
    {
        var path = PathOf(route, null, null);
        foreach (var (name, place, schema) in route.Parameters)
        {
            foreach (var (kind, value) in HostileScalars(name, Resolve(schema).Schema))
            {
                yield return value.Select(v => place switch
                {
                    "path" => new Case($"{place} {name}: {kind}", PathOf(route, name, v), BaseBody(route)),
                    "header" => new Case($"{place} {name}: {kind}", path, BaseBody(route)) { Header = (name, HeaderValue(v)) },
                    _ => new Case($"{place} {name}: {kind}", QueryOf(PathOf(route, name, null), name, v), BaseBody(route)),
                });
            }
        }

        if (route.Body is null)
        {
            yield break;
        }

        var body = BaseValue("body", route.Body)!;
        var json = body.ToJsonString();
        yield return Gen.OneOf(
            new Case("no body", path, ""),
            new Case("not JSON", path, "not json {"),
            new Case("JSON null", path, "null"),
            new Case("JSON array", path, "[]"),
            new Case("JSON string", path, "\"x\""),
            new Case("unclosed object", path, "{"),
            new Case("nested too deep", path, new string('[', 300)),
            new Case("text/plain", path, json, "text/plain"),
            new Case("form", path, "a=1", "application/x-www-form-urlencoded"));
        foreach (var (field, schema, nullable, required) in Fields(route.Body, ""))
        {
            var name = field[(field.LastIndexOfAny(['.', ']']) + 1)..];
            if (!nullable)
            {
                yield return Gen.Const(new Case($"{field}: null", path, Replace(body, field, "null")));
                if (required)
                {
                    yield return Gen.Const(new Case($"{field}: missing", path, Replace(body, field, null)));
                }
            }

            foreach (var (kind, value) in HostileValues(name, schema))
            {
                yield return value.Select(v => new Case($"{field}: {kind}", path, Replace(body, field, v)));
            }
        }
    }

    /// <summary>A spoilt value as a header carries it: a JSON string's text, anything else as written.</summary>
    private static string HeaderValue(string value) =>
        value.StartsWith('"') && JsonNode.Parse(value) is JsonValue text && text.TryGetValue<string>(out var s) ? s : value;

    private static string QueryOf(string path, string name, string value) =>
        $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{name}={Uri.EscapeDataString(value)}";

    private string? BaseBody(Route route) => route.Body is null ? null : BaseValue("body", route.Body)!.ToJsonString();

    /// <summary>Spoilt values, as JSON text, for a property of this schema.</summary>
    private static IEnumerable<(string Kind, Gen<string> Value)> HostileValues(string name, JsonObject schema)
    {
        var type = TypeOf(schema);
        var format = schema["format"]?.GetValue<string>();
        if (schema["enum"] is JsonArray)
        {
            yield return ("number for an enum", Gen.Int[0, 9].Select(i => i.ToString(CultureInfo.InvariantCulture)));
            yield return ("unknown enum name", Gen.String.AlphaNumeric.Select(s => Json("x" + s)));
            yield break;
        }

        switch (type)
        {
            case "string" when format is "date":
                yield return ("absurd date", Gen.OneOf("9999-12-31", "0001-01-01", "1899-12-31", "2026-02-30", "2026-13-01", "", "12/10/2026").Select(Json));
                break;
            case "string" when format is "date-time":
                yield return ("absurd instant", Gen.OneOf("9999-12-31T23:59:59+08:00", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2026-13-40T00:00:00Z", "", "yesterday").Select(Json));
                break;
            case "string" when format is "time":
                yield return ("absurd time", Gen.OneOf("25:00", "24:00", "12:60", "-01:00", "", "noon").Select(Json));
                break;
            case "string":
                foreach (var text in HostileText(name))
                {
                    yield return text;
                }

                break;
            case "integer":
                yield return ("bad integer", Gen.OneOf("\"abc\"", "1.5", "1e40", "2147483648", "-2147483649", "true", "\"\"", "-1"));
                break;
            case "number":
                yield return ("bad number", Gen.OneOf("\"abc\"", "\"NaN\"", "\"Infinity\"", "1e400", "-1", "1e308", "true"));
                break;
            case "boolean":
                yield return ("bad boolean", Gen.OneOf("\"yes\"", "1", "\"\"", "{}"));
                break;
            case "array":
                yield return ("not an array", Gen.OneOf("{}", "\"x\"", "1", "[null]", "[[]]"));
                yield break;
            case "object":
                yield return ("not an object", Gen.OneOf("[]", "\"x\"", "1", "true"));
                yield break;
        }

        if (type is not "array" and not "object")
        {
            yield return ("wrong type", Gen.OneOf("{}", "[]", type == "boolean" ? "\"true\"" : "true"));
        }
    }

    private static IEnumerable<(string Kind, Gen<string> Value)> HostileText(string name)
    {
        var good = GoodText(name);
        var control = Gen.OneOf(Gen.Char['\0', '\u0008'], Gen.Char['\u000b', '\u000c'], Gen.Char['\u000e', '\u001f'], Gen.Const('\u007f'), Gen.Const('\u0085'));
        yield return ("control character", Gen.Select(control, Gen.Int[0, good.Length]).Select(t => Json(good.Insert(t.Item2, t.Item1.ToString()))));
        yield return ("broken UTF-16", Gen.OneOf("\\ud800", "\\udc00x").Select(s => $"\"{good}{s}\""));
        yield return ("over-long", Gen.Select(Gen.Int[2001, 12000], Gen.Char['a', 'z']).Select(t => Json(new string(t.Item2, t.Item1))));

        // Past a column: the longest field a request fills is 2,000 characters, most are 50 to 1,000.
        yield return ("past its column", Gen.OneOf(1001, 1500, 2000).Select(n => Json(new string('长', n))));
        if (name.EndsWith("email", StringComparison.OrdinalIgnoreCase))
        {
            yield return ("email MailKit cannot send to", Gen.OneOf("a b@x.cn", "a@", "@x.cn", "a@@x.cn", "\"a b\"@x.cn", "张三 <a@x.cn>", "a@x.cn, b@x.cn", "a@x..cn", "a@x.cn\\n").Select(Json));
        }

        if (name.Equals("idNumber", StringComparison.OrdinalIgnoreCase))
        {
            var impossible = Gen.Select(Gen.Int[1900, 2025], Gen.Int[0, 99], Gen.Int[32, 99]).Select(t => $"412722{t.Item1:0000}{t.Item2:00}{t.Item3:00}123");
            var future = Gen.Int[2027, 2099].Select(y => $"412722{y:0000}0101123");
            var noRegion = Gen.OneOf("00", "19", "99").Select(p => $"{p}2722194003051231"[..17]);
            yield return ("ID number with a checksum but no such person", Gen.OneOf(impossible, future, noRegion).Select(body => Json(body + PersonalData.IdCheckDigit(body))));
        }
    }

    private static IEnumerable<(string Kind, Gen<string> Value)> HostileScalars(string name, JsonObject schema)
    {
        var type = TypeOf(schema);
        if (type == "integer")
        {
            yield return ("bad integer", name == "year" ? Gen.OneOf("9999", "1", "0", "-1", "99999999999", "abc") : Gen.OneOf("-1", "0", "99999999999", "abc"));
            yield break;
        }

        if (type == "boolean")
        {
            yield return ("bad boolean", Gen.OneOf("yes", "2", ""));
            yield break;
        }

        // A NUL in the URL itself is the server's to refuse (Kestrel answers 400 before any route); the other control characters reach the app.
        var good = GoodText(name);
        yield return ("control character", Gen.Select(Gen.Char['\u0001', '\u001f'], Gen.Int[0, good.Length]).Select(t => good.Insert(t.Item2, t.Item1.ToString())));
        yield return ("over-long", Gen.Int[2001, 4000].Select(n => new string('a', n)));
        if (name == "month")
        {
            yield return ("absurd month", Gen.OneOf("9999-12", "0001-01", "2026-13", "2026-00", "x"));
        }
    }

    /// <summary>Leaf fields of a body, with their paths as the API names them (<c>parties[0].name</c>).</summary>
    private IEnumerable<(string Path, JsonObject Schema, bool Nullable, bool Required)> Fields(JsonObject schema, string prefix)
    {
        var (resolved, _) = Resolve(schema);
        var required = (resolved["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, node) in resolved["properties"] as JsonObject ?? [])
        {
            var (property, nullable) = Resolve(node!.AsObject());
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            yield return (path, property, nullable, required.Contains(name));
            var items = property["items"] is JsonObject i ? Resolve(i).Schema : null;
            if (TypeOf(property) == "object")
            {
                foreach (var inner in Fields(property, path))
                {
                    yield return inner;
                }
            }
            else if (items is not null && TypeOf(items) == "object")
            {
                foreach (var inner in Fields(items, $"{path}[0]"))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A well-formed value: real ids of this test's records, a valid phone, ID number and email, dates within the booking window.</summary>
    private JsonNode? BaseValue(string name, JsonObject schema)
    {
        var (resolved, _) = Resolve(schema);
        if (resolved["enum"] is JsonArray values)
        {
            return values.First(v => v is not null)!.DeepClone();
        }

        return TypeOf(resolved) switch
        {
            "object" => new JsonObject((resolved["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, BaseValue(p.Key, p.Value!.AsObject())))),
            "array" => name == "off" ? new JsonArray(new JsonArray("2027-01-01", "2027-01-01")) : new JsonArray(BaseValue(name, Resolve(resolved["items"]!.AsObject()).Schema)),
            "integer" => Id(name),
            "number" => 1,
            // Identity's 2fa endpoint turns two-factor off when told "enable": false, whatever else is sent.
            "boolean" => name == "enable" ? null : false,
            _ => resolved["format"]?.GetValue<string>() switch
            {
                "date" => "2026-12-10",
                "date-time" => "2026-12-10T10:00:00+08:00",
                "time" => name == "closes" ? "11:00" : "09:00",
                "uuid" => Guid.Empty.ToString(),
                _ => GoodText(name),
            },
        };
    }

    private int Id(string name) => name switch
    {
        "placeId" => _city.Place(0, 0).Id,
        "townshipId" => _city.Townships[0].Id,
        "hallId" => _hall.Hall.Id,
        "windowId" or "windowIds" => _hall.Windows[0].Id,
        "itemId" => _itemId,
        "expectedVersion" or "trips" or "slotMinutes" => name == "slotMinutes" ? 30 : 1,
        _ => 1,
    };

    private static string GoodText(string name) =>
        name.EndsWith("email", StringComparison.OrdinalIgnoreCase) ? "fuzz@test.gov.cn"
        : name.EndsWith("phone", StringComparison.OrdinalIgnoreCase) ? "13900000000"
        : name.Equals("idNumber", StringComparison.OrdinalIgnoreCase) ? SanlingHarness.IdNumber
        : name.Contains("password", StringComparison.OrdinalIgnoreCase) ? "Fuzz@2026!"
        : name.Equals("code", StringComparison.OrdinalIgnoreCase) ? "FZ-2"
        : name is "month" ? "2026-11"
        : name is "reference" ? "NOSUCHREF"
        : name is "token" ? new string('a', 32)
        : name is "queue" ? $"hall/1/window/1"
        : "模糊测试";

    private string PathOf(Route route, string? spoilt, string? value)
    {
        var path = Parameter().Replace(route.Pattern, m => m.Groups[1].Value == spoilt ? Uri.EscapeDataString(value!) : m.Groups[1].Value switch
        {
            "id" => Guid.Empty.ToString(),
            "year" => "2027",
            "party" or "memberId" or "departmentId" => "0",
            var name => route.Parameters.Any(p => p.Name == name && TypeOf(Resolve(p.Schema).Schema) == "integer") ? Id(name).ToString(CultureInfo.InvariantCulture) : GoodText(name),
        });
        var query = route.Parameters.Where(p => p.In == "query" && p.Name != spoilt && p.Name == "queue").Select(p => $"{p.Name}={Uri.EscapeDataString(GoodText(p.Name))}");
        return query.Any() ? $"{path}?{string.Join('&', query)}" : path;
    }

    /// <summary>The body's JSON with one field replaced by <paramref name="value"/> (JSON text), or removed when null.</summary>
    private static string Replace(JsonNode body, string field, string? value)
    {
        const string Marker = "\u0001FUZZ\u0001";
        var copy = body.DeepClone();
        var segments = Segment().Matches(field).Select(m => m.Value).ToList();
        var parent = copy;
        foreach (var segment in segments[..^1])
        {
            parent = segment.StartsWith('[') ? parent![int.Parse(segment[1..^1], CultureInfo.InvariantCulture)] : parent![segment];
        }

        var last = segments[^1];
        if (value is null)
        {
            parent!.AsObject().Remove(last);
            return copy.ToJsonString();
        }

        parent![last] = Marker;
        return copy.ToJsonString().Replace(JsonSerializer.Serialize(Marker), value, StringComparison.Ordinal);
    }

    private (JsonObject Schema, bool Nullable) Resolve(JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(_components[reference.Split('/')[^1]]!.AsObject());
        }

        if (schema["oneOf"] is JsonArray choices)
        {
            var nullable = choices.Any(c => c!["type"]?.GetValue<string>() == "null");
            var (inner, innerNullable) = Resolve(choices.First(c => c!["type"]?.GetValue<string>() != "null")!.AsObject());
            return (inner, nullable || innerNullable);
        }

        return (schema, schema["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null"));
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        JsonValue type => type.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static IEnumerable<Route> WriteRoutes(JsonObject document)
    {
        foreach (var (pattern, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is not ("post" or "put" or "patch" or "delete"))
                {
                    continue;
                }

                var parameters = (operation!["parameters"] as JsonArray ?? []).Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]!.AsObject())).ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                yield return new Route(method.ToUpperInvariant(), pattern, parameters, body);
            }
        }
    }

    /// <summary><c>POST /api/disputes/{id:guid}/deliver</c> and <c>/api/disputes/{id}/deliver</c> alike, without the trailing slash.</summary>
    private static string Normalised(string key) => Constraint().Replace(key, "{$1}").TrimEnd('/');

    /// <summary>A person each route's rules admit, in the widest scope there is: the administrator where admitted, else the first role.</summary>
    private async Task<HttpClient> CallerAsync(Dictionary<string, HttpClient> callers, Access rule)
    {
        string[] preferred = [Roles.Admin, Roles.HallLead, Roles.WindowStaff, Roles.TownshipOfficial, Roles.VillageTeam, Roles.Department, Roles.ProxyHandler, Roles.Citizen];
        var role = rule.Anyone ? AccessMatrix.NoOne : preferred.First(rule.Admits);
        if (!callers.TryGetValue(role, out var client))
        {
            client = role switch
            {
                AccessMatrix.NoOne => _host.CreateClient(),
                Roles.HallLead => await _host.SignInAsync(role, $"hall/{_hall.Hall.Id}"),
                Roles.WindowStaff => await _host.SignInAsync(role, $"hall/{_hall.Hall.Id}/window/{_hall.Windows[0].Id}"),
                Roles.TownshipOfficial => await _host.SignInAsync(role, Township.OrgUnitOf(_city.Townships[0].Id)),
                Roles.VillageTeam => await _host.SignInAsync(role, Place.OrgUnitOf(_city.Townships[0].Id, _city.Place(0, 0).Id)),
                Roles.Department => await _host.SignInAsync(role, Department.OrgUnitOf(1)),
                _ => await _host.SignInAsync(role, ""),
            };
            callers[role] = client;
        }

        return client;
    }

    /// <summary>Every domain table's rows, hashed: Hangfire's and Quartz's own tables are left out, they change as the Host idles.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'hangfire', 'public') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var sql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x"));
        var hashes = new Dictionary<string, string>();
        await using var hash = new NpgsqlCommand(sql, connection);
        await using var rows = await hash.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            hashes[rows.GetString(0)] = rows.GetString(1);
        }

        return hashes;
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"[^.\[\]]+|\[\d+\]")]
    private static partial Regex Segment();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
