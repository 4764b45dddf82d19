// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.Client.Protocol;

namespace Soss.Client;

/// <summary>
/// One namespace of a store. Every operation of docs/semantics.md as an async method returning a
/// <see cref="CacheResult"/>; keys are strings (SHA-256 on the wire, the string kept for
/// listings). Thread-safe; cheap, holds only its name and the shared connection.
/// </summary>
public sealed class SossCache(SossConnection connection, string name, CachePolicy policy)
{
    public string Name { get; } = name;
    public uint NamespaceId { get; } = Keys.NamespaceId(name);
    public CachePolicy Policy { get; } = policy;
    public SossConnection Connection { get; } = connection;

    /// <summary>A request for <paramref name="key"/> with this namespace and the write policy filled in.</summary>
    public WireRequest Request(OpCode op, string key, CachePolicy? policy = null)
    {
        CachePolicy p = policy ?? Policy;
        return new WireRequest
        {
            Op = op, Ns = NamespaceId, Key = Keys.KeyOf(key), NsName = Name, KeyName = key,
            TimeoutSeconds = p.Seconds, TimeoutType = p.TimeoutType, Priority = p.Priority,
        };
    }

    private Task<CacheResult> Run(WireRequest r, CancellationToken ct) => Connection.ExecuteAsync(r, ct);

    private Task<CacheResult> Write(OpCode op, string key, ReadOnlyMemory<byte> value, CachePolicy? policy,
        IReadOnlyList<string>? indexes, CancellationToken ct)
    {
        WireRequest r = Request(op, key, policy);
        r.Value = value;
        if (indexes != null)
        {
            r.Indexes = [.. indexes];
        }
        return Run(r, ct);
    }

    /// <summary>Creates only: Added | AlreadyExists.</summary>
    public Task<CacheResult> AddAsync(string key, ReadOnlyMemory<byte> value, CachePolicy? policy = null,
        IReadOnlyList<string>? indexes = null, CancellationToken ct = default) =>
        Write(OpCode.Add, key, value, policy, indexes, ct);

    /// <summary>Adds or updates, ignoring locks: Added | Updated.</summary>
    public Task<CacheResult> PutAsync(string key, ReadOnlyMemory<byte> value, CachePolicy? policy = null,
        IReadOnlyList<string>? indexes = null, CancellationToken ct = default) =>
        Write(OpCode.Put, key, value, policy, indexes, ct);

    public Task<CacheResult> PutAsync(string key, string value, CachePolicy? policy = null, CancellationToken ct = default) =>
        PutAsync(key, Encoding.UTF8.GetBytes(value), policy, null, ct);

    /// <summary>Updates an existing, unlocked object: Updated | NotFound | ObjectLocked.</summary>
    public Task<CacheResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, CachePolicy? policy = null,
        CancellationToken ct = default) => Write(OpCode.Update, key, value, policy, null, ct);

    /// <summary>Updates only if the object's version is still <paramref name="version"/>: Updated | VersionMismatch | NotFound.</summary>
    public Task<CacheResult> UpdateOptimisticAsync(string key, ReadOnlyMemory<byte> value, ulong version,
        CachePolicy? policy = null, CancellationToken ct = default)
    {
        WireRequest r = Request(OpCode.UpdateOptimistic, key, policy);
        r.Value = value;
        r.Version = version;
        return Run(r, ct);
    }

    public Task<CacheResult> RemoveOptimisticAsync(string key, ulong version, CancellationToken ct = default)
    {
        WireRequest r = Request(OpCode.RemoveOptimistic, key);
        r.Version = version;
        return Run(r, ct);
    }

    /// <summary>Retrieved (value, version) | NotFound. Resets a sliding timeout.</summary>
    public Task<CacheResult> ReadAsync(string key, CancellationToken ct = default) => Run(Request(OpCode.Read, key), ct);

    public Task<CacheResult> ReadOrAddAsync(string key, ReadOnlyMemory<byte> factoryValue, CachePolicy? policy = null,
        CancellationToken ct = default) => Write(OpCode.ReadOrAdd, key, factoryValue, policy, null, ct);

    /// <summary>Whether the object exists, with its metadata and no value: Retrieved | NotFound.</summary>
    public Task<CacheResult> MetadataAsync(string key, CancellationToken ct = default) => Run(Request(OpCode.Metadata, key), ct);

    public Task<CacheResult> RemoveAsync(string key, CancellationToken ct = default) => Run(Request(OpCode.Remove, key), ct);

    /// <summary>Resets the object's timeout without sending its value: Ok | NotFound.</summary>
    public Task<CacheResult> TouchAsync(string key, CancellationToken ct = default) => Run(Request(OpCode.Touch, key), ct);

    /// <summary>Sets a new timeout (Zero = never): Ok (Response.Count = ms until expiry) | NotFound.</summary>
    public Task<CacheResult> SetTimeoutAsync(string key, CachePolicy policy, CancellationToken ct = default) =>
        Run(Request(OpCode.SetTimeout, key, policy), ct);

    public Task<CacheResult> IncrementAsync(string key, long delta, CancellationToken ct = default)
    {
        WireRequest r = Request(OpCode.Increment, key);
        r.Version = unchecked((ulong)delta);
        return Run(r, ct);
    }
}
