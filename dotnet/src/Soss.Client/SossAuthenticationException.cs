// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;

namespace Soss.Client;

/// <summary>
/// The store refused the connection's user (auth answered Unauthorized, or another error). The
/// message names the user and the host, never the password.
/// </summary>
public sealed class SossAuthenticationException : Exception
{
    internal SossAuthenticationException(Credentials credentials, string host, WireResponse answer)
        : base(Describe(credentials, host, answer))
    {
        User = credentials.User;
        Host = host;
        Code = answer.Code;
    }

    /// <summary>The user that was refused.</summary>
    public string User { get; }
    /// <summary>"address:port" of the service that refused it.</summary>
    public string Host { get; }
    /// <summary>Unauthorized for a wrong user or password.</summary>
    public ResultCode Code { get; }

    private static string Describe(Credentials credentials, string host, WireResponse answer)
    {
        string why = answer.Message;
        if (credentials.Password.Length > 0)
        {
            why = why.Replace(credentials.Password, "***", StringComparison.Ordinal);
        }
        string detail = why.Length == 0 ? answer.Code.ToString() : $"{answer.Code}: {why}";
        return $"soss user '{credentials.User}' was refused by {host} ({detail})";
    }
}
