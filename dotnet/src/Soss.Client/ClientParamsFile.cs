// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0


namespace Soss.Client;

/// <summary>
/// Reads soss_client_params.txt (docs/parameters.md "The client parameters file") the way the C++
/// client's connect_default does: rem_gw lines of __SOSS_remote_client_access are the gateways
/// (with max_rem_retries); without them the local service's svr_port from soss_params.txt beside
/// it (with max_lcl_retries). max_access_time is the request timeout; max_svr_conn the pool size.
/// </summary>
public static class ClientParamsFile
{
    public const string RemoteClientStore = "__SOSS_remote_client_access";

    public static SossConnectionOptions Load(string folder)
    {
        string clientPath = Path.Combine(folder, "soss_client_params.txt");
        string serverPath = Path.Combine(folder, "soss_params.txt");
        var client = File.Exists(clientPath) ? ReadLines(clientPath) : [];
        var o = new SossConnectionOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(IntOf(client, "max_access_time", 0, clientPath)),
            MaxPoolSize = IntOf(client, "max_svr_conn", 4, clientPath),
        };
        foreach (var (name, value, line) in client.Where(p => p.Name == "rem_gw"))
        {
            string[] items = value.Split(',', StringSplitOptions.TrimEntries);
            if (items.Length != 4 || !int.TryParse(items[3], out int port) || port is < 1 or > 65535)
            {
                throw new FormatException($"{clientPath}:{line}: rem_gw must be '<store>, <mgt_port>, <address>, <svr_port>', got '{value}'");
            }
            if (items[0] == RemoteClientStore)
            {
                o.BootstrapGateways.Add(new Endpoint(items[2], port));
            }
        }
        if (o.BootstrapGateways.Count > 0)
        {
            o.MaxRequestRetries = IntOf(client, "max_rem_retries", 2, clientPath);
            return o;
        }
        var server = File.Exists(serverPath) ? ReadLines(serverPath) : [];
        int svrPort = IntOf(server, "svr_port", 721, serverPath);
        string iface = server.FirstOrDefault(p => p.Name == "net_interface").Value ?? string.Empty;
        o.BootstrapGateways.Add(new Endpoint(iface is "" or "0.0.0.0" ? "127.0.0.1" : iface, svrPort));
        o.MaxRequestRetries = IntOf(client, "max_lcl_retries", 30, clientPath);
        return o;
    }

    private static List<(string Name, string Value, int Line)> ReadLines(string path)
    {
        var list = new List<(string, string, int)>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; ++i)
        {
            string text = lines[i].TrimStart('\uFEFF').Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }
            int hash = text.IndexOf(" #", StringComparison.Ordinal);
            int tabHash = text.IndexOf("\t#", StringComparison.Ordinal);
            int cut = hash < 0 ? tabHash : tabHash < 0 ? hash : Math.Min(hash, tabHash);
            if (cut >= 0)
            {
                text = text[..cut].TrimEnd();
            }
            int space = text.IndexOfAny([' ', '\t']);
            list.Add(space < 0 ? (text, string.Empty, i + 1) : (text[..space], text[(space + 1)..].Trim(), i + 1));
        }
        return list;
    }

    private static int IntOf(List<(string Name, string Value, int Line)> lines, string name, int fallback, string path)
    {
        foreach (var (n, value, line) in lines)
        {
            if (n == name)
            {
                return int.TryParse(value, out int v) && v >= 0
                    ? v
                    : throw new FormatException($"{path}:{line}: {name} must be a non-negative integer, got '{value}'");
            }
        }
        return fallback;
    }
}
