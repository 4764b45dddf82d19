// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0


namespace Soss.Client;

/// <summary>
/// How a <see cref="SossConnection"/> reaches a store: the connection-string keys of the C++
/// client (docs/client.md) plus the pool size. Plain data; not thread-safe while being changed.
/// </summary>
public sealed class SossConnectionOptions
{
    /// <summary>Gateways tried in order; any host of the store serves any request.</summary>
    public List<Endpoint> BootstrapGateways { get; set; } = [];
    /// <summary>Retries of a request whose host could not be reached or answered NotReady.</summary>
    public int MaxRequestRetries { get; set; } = 2;
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Zero = no limit; a request that takes longer answers Timeout (outcome unknown).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.Zero;
    /// <summary>Connections per host (max_svr_conn).</summary>
    public int MaxPoolSize { get; set; } = 4;
    /// <summary>Send one-key requests straight to the partition's primary (GetRouting).</summary>
    public bool RouteToPrimary { get; set; } = true;
    /// <summary>
    /// A user of the store's access file (docs/security.md), authenticated first on every new
    /// connection. Null: SOSS_USER (with SOSS_PASSWORD) when set, else no authentication.
    /// </summary>
    public string? User { get; set; }
    /// <summary>The password of <see cref="User"/>; never logged nor put in an exception.</summary>
    public string? Password { get; set; }

    /// <summary>The credentials to present: User/Password, else SOSS_USER/SOSS_PASSWORD; null for none.</summary>
    public Credentials? ResolveCredentials()
    {
        if (User is { Length: > 0 } user)
        {
            return new Credentials(user, Password ?? string.Empty);
        }
        string? envUser = Environment.GetEnvironmentVariable("SOSS_USER");
        return envUser is { Length: > 0 }
            ? new Credentials(envUser, Environment.GetEnvironmentVariable("SOSS_PASSWORD") ?? string.Empty)
            : null;
    }

    /// <summary>
    /// Parses "bootstrapGateways=a:721,b;maxRequestRetries=2;connectTimeoutMs=2000;
    /// requestTimeoutMs=0;maxPoolSize=4;routeToPrimary=true;user=web;password=...". Keys are
    /// case-insensitive; a password holding ';' cannot be written here: set <see cref="Password"/>.
    /// </summary>
    public static SossConnectionOptions Parse(string connectionString)
    {
        var o = new SossConnectionOptions();
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException($"connection string item '{part}' is not key=value");
            }
            o.Set(part[..eq].Trim().ToLowerInvariant(), part[(eq + 1)..].Trim());
        }
        if (o.BootstrapGateways.Count == 0)
        {
            throw new FormatException("the connection string names no bootstrapGateways");
        }
        return o;
    }

    private void Set(string key, string value)
    {
        switch (key)
        {
            case "bootstrapgateways":
                BootstrapGateways = value.Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(g => Endpoint.Parse(g)).ToList();
                break;
            case "maxrequestretries": MaxRequestRetries = Int(key, value, 0, 100); break;
            case "connecttimeoutms": ConnectTimeout = TimeSpan.FromMilliseconds(Int(key, value, 1, 600_000)); break;
            case "requesttimeoutms": RequestTimeout = TimeSpan.FromMilliseconds(Int(key, value, 0, 3_600_000)); break;
            case "maxpoolsize": MaxPoolSize = Int(key, value, 1, 256); break;
            case "routetoprimary": RouteToPrimary = bool.Parse(value); break;
            case "user": User = value; break;
            case "password": Password = value; break;
            case "eventconnectioncount" or "usesecure": break;  // accepted from the original client; no effect
            default: throw new FormatException($"unknown connection string key '{key}'");
        }
    }

    private static int Int(string key, string value, int min, int max) =>
        int.TryParse(value, out int n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{key} must be an integer in {min}..{max}, got '{value}'");
}

/// <summary>A user and password of the store's access file. The password is left out of ToString.</summary>
public sealed record Credentials(string User, string Password)
{
    public override string ToString() => $"Credentials {{ User = {User} }}";
}
