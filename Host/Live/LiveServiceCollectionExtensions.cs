using Governance.Host.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Governance.Host.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>Live pages: the listener and publisher (one per process), the event streams, the kept live parts and their cookie check.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.Section));
        services.AddSingleton<LiveHub>();
        services.AddHostedService<LiveFeed>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<LiveOptions>>((o, live) => o.AddPolicy(LiveParts.Policy, new LiveParts(live.Value)));

        // After Identity's own configuration, which sets the security-stamp check this wraps.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<IOptions<LiveOptions>>((o, live) => SessionChecks.Apply(o, live.Value.SessionRecheck));
        return services;
    }
}
