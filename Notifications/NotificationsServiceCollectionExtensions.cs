using Governance.Engine.Telemetry;
using Governance.Notifications.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Email over SMTP (section <c>Smtp</c>), the zh-CN templates (every key in use checked at start-up), the Hangfire delivery job, the outbox dispatcher (which owns retries), the outbox's queries and its reading for the gauges. Hangfire's storage is the Host's to configure.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<EmailSender>();
        foreach (var template in typeof(EmailTemplate).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(EmailTemplate)) && !t.IsAbstract))
        {
            services.AddSingleton(typeof(EmailTemplate), template);
        }

        services.AddSingleton<EmailTemplates>();
        services.AddHostedService<TemplateCheck>();
        services.AddTransient<OutboxDelivery>();
        services.AddSingleton<OutboxQueries>();
        services.AddSingleton<IPeriodicReading, OutboxBacklogReading>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
