using Governance.Engine.Runtime;
using Governance.Engine.Telemetry;
using Governance.Workflows.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.ServiceHall.Queue;

public static class QueueServiceCollectionExtensions
{
    /// <summary>窗口排队: tickets, call next, 重呼/过号/回队, transfer, return, complete, closing time, the day's end, trip counting and the lead's figures (section <c>ServiceHall:Queue</c>).</summary>
    public static IServiceCollection AddQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QueueOptions>(configuration.GetSection(QueueOptions.Section));
        services.AddSingleton(TicketWorkflow.Definition);
        services.AddSingleton(TicketWorkflow.Version1);
        services.AddSingleton<IssueTicketHandler>();
        services.AddSingleton<CheckInHandler>();
        services.AddSingleton<CallNextHandler>();
        services.AddSingleton<ServeTicketHandler>();
        services.AddSingleton<CloseWindowHandler>();
        services.AddSingleton<EndQueueDay>();
        services.AddSingleton(new OutboxTemplate(CloseWindowHandler.RefusedTemplate, nameof(CloseWindowHandler)));
        services.AddSingleton<QueueQueries>();
        services.AddSingleton<HallFloorQueries>();
        services.AddSingleton<HallFiguresQueries>();
        services.AddSingleton<HallFiguresExport>();
        services.AddSingleton<IRevealSource, TicketRevealSource>();
        services.AddSingleton<Privacy.IPersonInstances, TicketPersons>();
        services.AddSingleton<IPeriodicReading, HallQueueReading>();
        return services;
    }
}
