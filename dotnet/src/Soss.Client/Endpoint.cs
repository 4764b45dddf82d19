// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client;

/// <summary>A service's client address (IPv4 and svr_port).</summary>
public readonly record struct Endpoint(string Address, int Port)
{
    public override string ToString() => $"{Address}:{Port}";

    /// <summary>Parses "host[:port]" (port 721 when omitted).</summary>
    public static Endpoint Parse(string text, int defaultPort = 721)
    {
        text = text.Trim();
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return new Endpoint(text, defaultPort);
        }
        if (!int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
        {
            throw new FormatException($"bad port in gateway '{text}'");
        }
        return new Endpoint(text[..colon], port);
    }
}
