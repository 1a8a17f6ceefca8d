using Governance.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.Workflows.ServiceHall.Appointments;

public static class AppointmentsServiceCollectionExtensions
{
    /// <summary>预约服务: sessions and slots, booking, changes, no-shows, reminders, the .ics file (section <c>ServiceHall:Appointments</c>).</summary>
    public static IServiceCollection AddAppointments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AppointmentOptions>(configuration.GetSection(AppointmentOptions.Section));
        services.AddSingleton(sp => AppointmentWorkflow.Create(sp.GetRequiredService<IOptions<AppointmentOptions>>().Value));
        services.AddSingleton<BookAppointmentHandler>();
        services.AddSingleton<ChangeAppointmentHandler>();
        services.AddSingleton<OpenAppointmentSessionHandler>();
        services.AddSingleton<AppointmentQueries>();
        services.AddSingleton<AppointmentCalendar>();
        services.AddSingleton<SendAppointmentReminders>();
        services.AddSingleton(new OutboxTemplate(SendAppointmentReminders.Template, nameof(SendAppointmentReminders)));
        services.AddSingleton<Privacy.IPersonInstances, BookingPersons>();
        return services;
    }
}
