using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Governance.Engine.Runtime;
using Governance.Host.Auth;
using Governance.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Governance.Host.Live;

/// <summary>The event stream live pages listen to (Server-Sent Events): which watched topics changed, and nothing of what changed.</summary>
public static class LiveApi
{
    public static IEndpointConventionBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet("/api/live/events", Results<ServerSentEventsResult<string>, ProblemHttpResult> (
                string? topics, HttpContext http, LiveHub hub, WorkflowRegistry registry, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime) =>
            {
                var live = options.Value;
                var watched = LiveTopic.ParseAll(topics, registry, live.MaxTopics);
                var viewer = Viewer(http);

                // A topic out of the viewer's scope answers as one that does not exist.
                if (!watched.All(t => t.MayBeWatchedBy(viewer)))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到", detail: "没有可关注的这些内容");
                }

                if (hub.Open(watched, live.MaxStreams) is not { } stream)
                {
                    http.Response.Headers.RetryAfter = "10";
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "服务繁忙", detail: "实时刷新的连接已满，请稍后重试。");
                }

                return TypedResults.ServerSentEvents(ReadAsync(hub, stream, live.HeartbeatInterval, http.RequestAborted, lifetime.ApplicationStopping));
            })
            .AllowAnonymous()
            .WithTags("实时刷新")
            .WithSummary("实时刷新：所关注事项有变化时推送（Server-Sent Events；topics 如 queue-ticket hall/1，多个用分号隔开；排队为公开内容，其余须在职责范围内）")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The signed-in worker or citizen, or null for anyone else (not signed in, or an account without a business role).</summary>
    private static Actor? Viewer(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        try
        {
            return http.User.ToActor();
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The stream until the page goes away or the node stops (so a stopping node is not held open by its pages).</summary>
    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(LiveHub hub, LiveStream stream, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken aborted, CancellationToken stopping)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await foreach (var item in stream.ReadAsync(hub.Position, heartbeat, end.Token))
            {
                yield return item;
            }
        }
        finally
        {
            hub.Close(stream);
        }
    }
}
