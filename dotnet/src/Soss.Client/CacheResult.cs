// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;

namespace Soss.Client;

/// <summary>The outcome of one cache operation: a result code (never an exception) and what came back.</summary>
public sealed class CacheResult(WireResponse response, string host)
{
    public WireResponse Response { get; } = response;
    public ResultCode Code => Response.Code;
    public string Message => Response.Message;
    /// <summary>The value of reads (empty otherwise).</summary>
    public byte[] Value => Response.Value;
    public ulong Version => Response.Meta.Version;
    /// <summary>The lock ticket of lock and read-exclusive operations.</summary>
    public ulong Ticket => Response.Ticket;
    public ObjectMetadata Metadata => Response.Meta;
    /// <summary>"address:port" of the service that answered.</summary>
    public string Host { get; } = host;
    public bool Succeeded => Code.Succeeded();

    public override string ToString() => Message.Length == 0 ? Code.ToString() : $"{Code}: {Message}";
}

/// <summary>How writes create or refresh objects: the namespace default or a per-call one.</summary>
public sealed record CachePolicy
{
    /// <summary>Zero = never expires. Whole seconds on the wire.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.Zero;
    public TimeoutType TimeoutType { get; init; } = TimeoutType.Absolute;
    public Priority Priority { get; init; } = Priority.Normal;

    public static CachePolicy Sliding(TimeSpan timeout) => new() { Timeout = timeout, TimeoutType = TimeoutType.Sliding };
    public static CachePolicy Absolute(TimeSpan timeout) => new() { Timeout = timeout, TimeoutType = TimeoutType.Absolute };

    internal uint Seconds => Timeout <= TimeSpan.Zero ? 0u : (uint)Math.Max(1, Math.Ceiling(Timeout.TotalSeconds));
}
