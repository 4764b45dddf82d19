// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Session;
using Soss.Client;

namespace Soss.AspNetCore;

/// <summary>
/// ASP.NET Core's ISessionStore on one soss namespace: each session is one object, optionally
/// locked for the length of a request (<see cref="SossSession"/>). Thread-safe; a singleton that
/// owns its connection unless <see cref="SossCacheOptions.Connection"/> was given.
/// </summary>
public sealed class SossSessionStore : ISessionStore, IDisposable
{
    private readonly SossConnection _connection;
    private readonly bool _ownsConnection;
    private readonly SossCacheOptions _options;

    public SossSessionStore(SossCacheOptions options)
    {
        _options = options;
        (_connection, _ownsConnection) = options.Open();
        Cache = _connection.Cache(options.Namespace);
    }

    /// <summary>The soss namespace holding the sessions.</summary>
    public SossCache Cache { get; }

    public ISession Create(string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession,
        bool isNewSessionKey) =>
        new SossSession(Cache, sessionKey, idleTimeout, tryEstablishSession, isNewSessionKey, _options);

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }
}

/// <summary>What a session kept by <see cref="SossSessionStore"/> tells beyond ISession.</summary>
public static class SossSessionExtensions
{
    /// <summary>
    /// "address:port" of the soss service that last answered for this request's session, or null
    /// when the session is not a soss one (AddSossSession) or has not been loaded yet.
    /// </summary>
    public static string? SossHost(this ISession session) => (session as SossSession)?.LastHost;
}
