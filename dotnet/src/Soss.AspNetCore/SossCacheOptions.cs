// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client;

namespace Soss.AspNetCore;

/// <summary>
/// Where the distributed cache and the output cache keep their objects. Set
/// <see cref="ConnectionString"/> (docs/client.md) or <see cref="Connection"/>; with neither,
/// /etc/soss/soss_client_params.txt is read. Plain options; not thread-safe while changed.
/// </summary>
public sealed class SossCacheOptions
{
    /// <summary>For example "bootstrapGateways=10.0.0.5:721,10.0.0.6:721;maxRequestRetries=20".</summary>
    public string? ConnectionString { get; set; }
    /// <summary>A connection to share (the caller owns it); wins over <see cref="ConnectionString"/>.</summary>
    public SossConnection? Connection { get; set; }
    /// <summary>The folder of soss_client_params.txt when no connection string is given.</summary>
    public string ParamsFolder { get; set; } = "/etc/soss";
    /// <summary>The soss namespace of the entries.</summary>
    public string Namespace { get; set; } = "aspnetcore-cache";
    /// <summary>
    /// Session state only (AddSossSession): lock the session's soss object from its load to its
    /// commit, so concurrent requests of one session run one after another and none loses the
    /// other's changes. Off: last commit wins, as with the distributed-cache session.
    /// </summary>
    public bool ExclusiveSessionLocking { get; set; } = true;
    /// <summary>
    /// How long a request waits for its session's lock before it fails (SossCacheException,
    /// AlreadyLocked). A holder that crashed loses its lock after the store's lock_timeout.
    /// </summary>
    public TimeSpan SessionLockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A user of the store's access file (docs/security.md), passed to the connection this
    /// creates; wins over a "user=" of <see cref="ConnectionString"/>. Null: the connection
    /// string's, else SOSS_USER/SOSS_PASSWORD. Not used with <see cref="Connection"/>.
    /// </summary>
    public string? User { get; set; }
    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; set; }

    internal SossConnectionOptions ConnectionOptions()
    {
        SossConnectionOptions o = ConnectionString is { Length: > 0 } cs
            ? SossConnectionOptions.Parse(cs)
            : ClientParamsFile.Load(ParamsFolder);
        if (User is { Length: > 0 })
        {
            o.User = User;
            o.Password = Password;
        }
        return o;
    }

    internal (SossConnection Connection, bool Owned) Open() =>
        Connection != null ? (Connection, false) : (new SossConnection(ConnectionOptions()), true);
}

/// <summary>A soss operation failed for a reason other than a missing entry (Unavailable, Timeout...).</summary>
public sealed class SossCacheException(CacheResult result, string operation)
    : Exception($"soss {operation} failed: {result}")
{
    public CacheResult Result { get; } = result;
}
