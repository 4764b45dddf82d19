// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>Result codes of wire protocol v1; the numbers never change.</summary>
public enum ResultCode : ushort
{
    Ok = 0,
    Added = 1,
    Updated = 2,
    Retrieved = 3,
    Removed = 4,
    Locked = 5,
    Unlocked = 6,
    NotFound = 7,
    AlreadyExists = 8,
    VersionMismatch = 9,
    ObjectLocked = 10,
    AlreadyLocked = 11,
    LockLost = 12,
    InvalidArgument = 13,
    ObjectTooLarge = 14,
    LowMemory = 15,
    NotReady = 16,
    Unavailable = 17,
    Timeout = 18,
    Unauthorized = 19,
    ProtocolError = 20,
    Internal = 21,
    NamespaceConflict = 22,
    ConfigError = 23,
}

/// <summary>Helpers on <see cref="ResultCode"/>.</summary>
public static class ResultCodes
{
    /// <summary>The highest code this client knows; larger values in a reply are a protocol error.</summary>
    public const ResultCode Max = ResultCode.ConfigError;

    /// <summary>True for the codes that report a completed operation (Ok through Unlocked).</summary>
    public static bool Succeeded(this ResultCode code) => code <= ResultCode.Unlocked;
}
