using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Engine.Storage;
using Governance.Workflows.Storage;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace Governance.Host.Api;

/// <summary>
/// <c>Idempotency-Key</c> on every creating request: the same key, from the same caller on the same
/// route, gets the same answer (status and body) and makes one row, also when two copies race;
/// the same key with a different request is a 422. Keys are remembered for
/// <see cref="IdempotencyOptions.KeyLifetime"/> (<c>Idempotency:KeyLifetime</c>, default 24 h).
/// Without the header a request runs as it always did.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer that is a replay of the first one.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencyOptions>(configuration.GetSection("Idempotency"));
        services.AddSingleton<IdempotencyKeys>();
        return services;
    }

    /// <summary>Makes a creating endpoint honour the header, and says so in the OpenAPI document.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter<IdempotencyFilter>()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = $"幂等键（建议用 UUID，1–{IdempotencyKeys.MaxKeyLength} 个可见 ASCII 字符）：同一调用者在同一路径上重复提交同一键，返回首次的结果（状态码与内容相同），不重复创建；同一键用于内容不同的请求返回 422。键默认保留 24 小时（Idempotency:KeyLifetime）。",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxKeyLength },
            });
            return Task.CompletedTask;
        });
}

internal sealed class IdempotencyFilter(IdempotencyKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Idempotency.Header, out var values))
        {
            return await next(context);
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > IdempotencyKeys.MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [Idempotency.Header] = [$"应为一个 1 到 {IdempotencyKeys.MaxKeyLength} 个可见 ASCII 字符的键（建议用 UUID）"] },
                title: "请求数据有误");
        }

        var caller = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var route = $"{http.Request.Method} {http.Request.Path}";
        var result = await keys.RunAsync(caller, route, key, Hash(http, route, context.Arguments), async () => await BufferedAsync(http, await next(context)), http.RequestAborted);
        if (result.Outcome == IdempotencyOutcome.KeyReused)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "幂等键已用于另一请求",
                detail: $"该 {Idempotency.Header} 已用于内容不同的请求；新的请求请使用新的键");
        }

        var answer = result.Answer!;
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = answer.ContentType;
        if (answer.Location is not null)
        {
            http.Response.Headers.Location = answer.Location;
        }

        if (result.Outcome == IdempotencyOutcome.Replayed)
        {
            http.Response.Headers[Idempotency.ReplayedHeader] = "true";
        }

        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>What was asked: the path, the query and the bound body (so that formatting alone does not make a different request).</summary>
    private static string Hash(HttpContext http, string route, IList<object?> arguments)
    {
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? null : arguments.FirstOrDefault(a => a?.GetType() == bodyType);
        var asked = $"{route}{http.Request.QueryString}\n{(body is null ? "" : JsonSerializer.Serialize(body, bodyType!, JsonSerializerOptions.Web))}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(asked)));
    }

    /// <summary>Writes the endpoint's answer into memory, so that it can be kept and then sent.</summary>
    private static async Task<IdempotentAnswer> BufferedAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await (result as IResult ?? TypedResults.Ok(result)).ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var location = http.Response.Headers.Location.ToString();
        return new(http.Response.StatusCode, http.Response.ContentType, location.Length == 0 ? null : location, buffer.ToArray());
    }
}
