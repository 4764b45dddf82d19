// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Soss.Client;
using Soss.Client.Protocol;

namespace Soss.AspNetCore;

/// <summary>
/// One request's view of one session, kept as one soss object (<see cref="SessionFormat"/>). With
/// exclusive locking the load takes the object's soss lock (read_exclusive, waiting in the service
/// up to <see cref="SossCacheOptions.SessionLockWait"/>) and the commit writes and releases it
/// (update_and_release), or only releases it when nothing changed; so a second request of the
/// same session waits for the first and sees its changes. A holder that dies without committing
/// loses the lock after the store's lock_timeout. Not thread-safe: one request uses it.
/// </summary>
internal sealed class SossSession(SossCache cache, string key, TimeSpan idleTimeout, Func<bool> tryEstablish,
    bool isNew, SossCacheOptions options) : ISession
{
    private Dictionary<string, byte[]> _items = new(StringComparer.Ordinal);
    private bool _loaded = isNew;  // a new session key has nothing stored yet
    private bool _modified;
    private ulong _ticket;
    private bool _locked;

    /// <summary>"address:port" of the soss service that last answered for this session (null before the load).</summary>
    public string? LastHost { get; private set; }

    public bool IsAvailable
    {
        get
        {
            Load();
            return true;
        }
    }

    public string Id { get; } = key;

    public IEnumerable<string> Keys
    {
        get
        {
            Load();
            return _items.Keys;
        }
    }

    private CachePolicy Policy => CachePolicy.Sliding(idleTimeout);

    private void Load()
    {
        if (!_loaded)
        {
            LoadAsync().GetAwaiter().GetResult();
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return;
        }
        CacheResult r = options.ExclusiveSessionLocking
            ? await LockAsync(cancellationToken).ConfigureAwait(false)
            : await cache.ReadAsync(Id, cancellationToken).ConfigureAwait(false);
        LastHost = r.Host;
        if (r.Code == ResultCode.Retrieved)
        {
            _items = SessionFormat.Decode(r.Value);
            _ticket = r.Ticket;
            _locked = options.ExclusiveSessionLocking;
        }
        else if (r.Code != ResultCode.NotFound)
        {
            throw new SossCacheException(r, "session load");
        }
        _loaded = true;
    }

    /// <summary>read_exclusive; a session not stored yet is first added empty so that it can be locked.</summary>
    private async Task<CacheResult> LockAsync(CancellationToken ct)
    {
        CacheResult r = await cache.ReadExclusiveAsync(Id, options.SessionLockWait, ct).ConfigureAwait(false);
        if (r.Code == ResultCode.NotFound)
        {
            CacheResult added = await cache.AddAsync(Id, SessionFormat.Encode(_items), Policy, null, ct).ConfigureAwait(false);
            if (added.Code != ResultCode.Added && added.Code != ResultCode.AlreadyExists)
            {
                throw new SossCacheException(added, "session add");
            }
            r = await cache.ReadExclusiveAsync(Id, options.SessionLockWait, ct).ConfigureAwait(false);
        }
        if (r.Code == ResultCode.AlreadyLocked)
        {
            throw new SossCacheException(r, $"session lock (another request held it longer than {options.SessionLockWait})");
        }
        return r;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_locked)
        {
            ulong ticket = _ticket;
            _locked = false;
            CacheResult done = _modified
                ? await cache.UpdateAndReleaseAsync(Id, SessionFormat.Encode(_items), ticket, cancellationToken).ConfigureAwait(false)
                : await cache.ReleaseLockAsync(Id, ticket, cancellationToken).ConfigureAwait(false);
            LastHost = done.Host;
            // LockLost: the request outlived the store's lock_timeout; its changes are not kept.
            if (!done.Succeeded)
            {
                throw new SossCacheException(done, "session commit");
            }
        }
        else if (_modified)
        {
            CacheResult done = await cache.PutAsync(Id, SessionFormat.Encode(_items), Policy, null, cancellationToken).ConfigureAwait(false);
            LastHost = done.Host;
            if (!done.Succeeded)
            {
                throw new SossCacheException(done, "session commit");
            }
        }
        _modified = false;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        Load();
        return _items.TryGetValue(key, out value);
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!tryEstablish())
        {
            throw new InvalidOperationException("the session cannot be established after the response has started");
        }
        Load();
        _items[key] = value.ToArray();
        _modified = true;
    }

    public void Remove(string key)
    {
        Load();
        _modified |= _items.Remove(key);
    }

    public void Clear()
    {
        Load();
        _modified |= _items.Count > 0;
        _items.Clear();
    }
}
