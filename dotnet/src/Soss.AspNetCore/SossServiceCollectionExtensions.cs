// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.OutputCaching;
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
