using Governance.Engine.Runtime;
using Governance.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Governance.Host.Api;

/// <summary>
/// 系统管理·流程版本: the definitions and their versions with the instances in each state, and the
/// administrator's explicit order to move running instances to another version (版本迁移).
/// </summary>
public static class AdminWorkflowsApi
{
    /// <summary><c>StateMap</c> names, for each state of the old version that has running instances, its state in the new one.</summary>
    public sealed record MigrationRequest(int? FromVersion, int? ToVersion, Dictionary<string, string>? StateMap, string? Reason);

    public static void MapAdminWorkflows(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/", async Task<Ok<IReadOnlyList<DefinitionVersion>>> (MigrateInstances migrations, CancellationToken ct) =>
            TypedResults.Ok(await migrations.OverviewAsync(ct)))
            .WithSummary("流程定义及各版本，按状态统计事项数（全部与运行中）");

        group.MapPost("/{name}/migrations", async Task<Results<Ok<MigrationResult>, NotFound>> (string name, MigrationRequest body, HttpContext http, MigrateInstances migrations, CancellationToken ct) =>
            await migrations.RunAsync(new MigrationPlan(name, body.FromVersion, body.ToVersion, body.StateMap, body.Reason), http.User.ToActor(), ct) is { } done
                ? TypedResults.Ok(done)
                : TypedResults.NotFound())
            .WithSummary("将某一版本的运行中事项迁移到另一版本（须为每个有运行中事项的状态指定新状态，并填写理由；逐件记入台账）")
            .ProducesValidationProblem();
    }
}
