// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>Operations of wire protocol v1 (docs/protocol.md). The numbers never change.</summary>
public enum OpCode : ushort
{
    Ping = 1,
    /// <summary>Field "user", value the password: Ok + field "role" | Unauthorized.</summary>
    Auth = 2,
    Add = 10,
    Put = 11,
    Update = 12,
    UpdateOptimistic = 13,
    RemoveOptimistic = 14,
    Read = 15,
    ReadOrAdd = 16,
    Metadata = 17,
    Remove = 18,
    ReadExclusive = 19,
    TryReadExclusive = 20,
    Lock = 21,
    ReadLocked = 22,
    UpdateAndRetain = 23,
    UpdateAndRelease = 24,
    ReleaseLock = 25,
    RefreshLock = 26,
    RemoveLocked = 27,
    Touch = 28,
    BulkRead = 29,
    BulkAdd = 30,
    ListNamespaces = 31,
    ListKeys = 32,
    ClearNamespace = 33,
    Query = 34,
    Increment = 35,
    SetTimeout = 36,
    GetRouting = 37,
    GetStatus = 100,
    GetParams = 101,
    SetParams = 102,
    Join = 103,
    Leave = 104,
    Restart = 105,
}

internal static class OpCodes
{
    public static bool IsObjectOp(OpCode op) => (ushort)op >= 10 && (ushort)op <= 36;

    /// <summary>Listings, queries, clears and bulk requests run on every primary, not one key's.</summary>
    public static bool SpansPartitions(OpCode op) => op is OpCode.ListNamespaces or OpCode.ListKeys
        or OpCode.ClearNamespace or OpCode.Query or OpCode.BulkRead or OpCode.BulkAdd;

    /// <summary>
    /// Operations that may be sent again after a connection was lost with the request written:
    /// repeating them leaves the same state as doing them once.
    /// </summary>
    public static bool IsRepeatable(OpCode op) => op is OpCode.Ping or OpCode.Put or OpCode.Read
        or OpCode.Metadata or OpCode.Touch or OpCode.BulkRead or OpCode.ListNamespaces
        or OpCode.ListKeys or OpCode.Query or OpCode.SetTimeout or OpCode.GetRouting
        or OpCode.GetStatus or OpCode.GetParams;
}
