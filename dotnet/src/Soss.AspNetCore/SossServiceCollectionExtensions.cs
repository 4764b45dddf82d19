// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Soss.AspNetCore;

/// <summary>Registers the soss-backed caches.</summary>
public static class SossServiceCollectionExtensions
{
    /// <summary>
    /// IDistributedCache and IBufferDistributedCache on soss (session state with AddSession, and
    /// HybridCache's second level, use it).
    /// </summary>
    public static IServiceCollection AddSossDistributedCache(this IServiceCollection services, Action<SossCacheOptions> configure)
    {
        var options = new SossCacheOptions();
        configure(options);
        services.AddSingleton(new SossDistributedCache(options));
        services.RemoveAll<IDistributedCache>();
        services.AddSingleton<IDistributedCache>(sp => sp.GetRequiredService<SossDistributedCache>());
        services.AddSingleton<IBufferDistributedCache>(sp => sp.GetRequiredService<SossDistributedCache>());
        return services;
    }

    /// <summary>
    /// Session state (AddSession) with its store on soss: one object per session in
    /// <see cref="SossCacheOptions.Namespace"/> (default "aspnetcore-session"), locked per request
    /// when <see cref="SossCacheOptions.ExclusiveSessionLocking"/> is on (the default).
    /// </summary>
    public static IServiceCollection AddSossSession(this IServiceCollection services, Action<SossCacheOptions> configure,
        Action<SessionOptions>? session = null)
    {
        var options = new SossCacheOptions { Namespace = "aspnetcore-session" };
        configure(options);
        if (session != null)
        {
            services.AddSession(session);
        }
        else
        {
            services.AddSession();
        }
        services.RemoveAll<ISessionStore>();
        services.AddSingleton<ISessionStore>(new SossSessionStore(options));
        return services;
    }

    /// <summary>Output caching (AddOutputCache) with its store on soss; tags evict through soss index queries.</summary>
    public static IServiceCollection AddSossOutputCache(this IServiceCollection services, Action<SossCacheOptions> configure,
        Action<OutputCacheOptions>? outputCache = null)
    {
        var options = new SossCacheOptions { Namespace = "aspnetcore-output" };
        configure(options);
        if (outputCache != null)
        {
            services.AddOutputCache(outputCache);
        }
        else
        {
            services.AddOutputCache();
        }
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<IOutputCacheStore>(new SossOutputCacheStore(options));
        return services;
    }
}
