// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;

using Soss.Client;

namespace Soss.Client.Transport;

/// <summary>
/// The answer to one request on one connection. <see cref="Written"/> is false when the request
/// never left (connect failed): it had no effect and may go to another host. A client-side
/// Unavailable with Written true has an unknown outcome.
/// </summary>
internal readonly record struct SendResult(WireResponse Response, bool Written, string Host)
{
    public static SendResult Unsent(string host, string why) =>
        new(WireResponse.Of(ResultCode.Unavailable, $"{host}: {why}"), false, host);
}
