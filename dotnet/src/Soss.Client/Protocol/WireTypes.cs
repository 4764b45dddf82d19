// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>How a timeout counts (the service's TimeoutType).</summary>
public enum TimeoutType : byte
{
    /// <summary>Expires after the timeout from creation or the last put.</summary>
    Absolute = 0,
    /// <summary>Reset by every read or update (and by touch).</summary>
    Sliding = 1,
    /// <summary>Reset by updates, not by reads.</summary>
    ResetOnUpdate = 2,
}

/// <summary>Whether the service may evict the object under memory pressure.</summary>
public enum Priority : byte
{
    Normal = 0,
    NotRemovable = 1,
}

/// <summary>A namespace id and a 32-byte key: an object's identity.</summary>
public readonly record struct ObjectId(uint Ns, byte[] Key);

/// <summary>One object of a bulk request.</summary>
public sealed record BulkItem(byte[] Key, string KeyName, ReadOnlyMemory<byte> Value);

/// <summary>One result of a bulk request, in request order.</summary>
public sealed record BulkResult(ResultCode Code, byte[] Value, ulong Version);

/// <summary>A namespace, as listed by the service.</summary>
public sealed record NamespaceInfo(uint Id, string Name, ulong Objects, ulong Bytes);

/// <summary>A key, as listed or found by a query (KeyName empty for raw keys).</summary>
public sealed record KeyInfo(byte[] Key, string KeyName);

/// <summary>What the service keeps about an object besides its value.</summary>
public sealed class ObjectMetadata
{
    public ulong Version { get; set; }
    public long CreatedMs { get; set; }
    public long UpdatedMs { get; set; }
    public uint TimeoutSeconds { get; set; }
    public TimeoutType TimeoutType { get; set; }
    public Priority Priority { get; set; }
    public bool Locked { get; set; }
    public ulong Size { get; set; }
    public string KeyName { get; set; } = string.Empty;
    public string ContentType { get; set; } = string.Empty;
    public List<ObjectId> Parents { get; set; } = [];
    public List<string> Indexes { get; set; } = [];
}

/// <summary>
/// The request of every operation, in the one flat shape of protocol v1; unused fields stay empty.
/// </summary>
public sealed class WireRequest
{
    public OpCode Op { get; set; } = OpCode.Ping;
    public uint Ns { get; set; }
    public byte[] Key { get; set; } = new byte[32];
    public string NsName { get; set; } = string.Empty;
    public string KeyName { get; set; } = string.Empty;
    public ReadOnlyMemory<byte> Value { get; set; }
    public string ContentType { get; set; } = string.Empty;
    public uint TimeoutSeconds { get; set; }
    public TimeoutType TimeoutType { get; set; }
    public Priority Priority { get; set; }
    public List<ObjectId> Parents { get; set; } = [];
    public List<string> Indexes { get; set; } = [];
    public ulong Version { get; set; }
    public ulong Ticket { get; set; }
    public uint WaitMs { get; set; }
    public bool LockAfter { get; set; }
    public List<BulkItem> Items { get; set; } = [];
    public string Cursor { get; set; } = string.Empty;
    public uint Limit { get; set; }
    public List<KeyValuePair<string, string>> Fields { get; set; } = [];
}

/// <summary>The answer to one request.</summary>
public sealed class WireResponse
{
    public ResultCode Code { get; set; }
    public string Message { get; set; } = string.Empty;
    public byte[] Value { get; set; } = [];
    public ObjectMetadata Meta { get; set; } = new();
    public ulong Ticket { get; set; }
    public ulong Count { get; set; }
    public List<BulkResult> Items { get; set; } = [];
    public List<NamespaceInfo> Namespaces { get; set; } = [];
    public List<KeyInfo> Keys { get; set; } = [];
    public string Cursor { get; set; } = string.Empty;
    public List<KeyValuePair<string, string>> Fields { get; set; } = [];

    /// <summary>A client-side answer (Unavailable, Timeout, ProtocolError) with a reason.</summary>
    public static WireResponse Of(ResultCode code, string message) => new() { Code = code, Message = message };
}
