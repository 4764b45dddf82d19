// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Soss.AspNetCore;

/// <summary>One visit: the session's count, and who served it.</summary>
public sealed record Visit(int Count, string Server, string SossHost, string SessionId);

/// <summary>Counts visits in the session and renders the page. Stateless.</summary>
public static class Visits
{
    public static async Task<Visit> CountAsync(HttpContext http, string server)
    {
        // Load takes the session's soss lock; Commit writes the new count and releases it.
        await http.Session.LoadAsync(http.RequestAborted);
        int count = (http.Session.GetInt32("visits") ?? 0) + 1;
        http.Session.SetInt32("visits", count);
        await http.Session.CommitAsync(http.RequestAborted);
        return new Visit(count, server, http.Session.SossHost() ?? "(none yet)", http.Session.Id);
    }

    public static string Page(Visit v) => $"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>soss SessionTest</title>
        <style>body{"{"}font-family:sans-serif;margin:2em{"}"} td{"{"}padding:.2em 1em{"}"}</style></head>
        <body><h1>soss SessionTest</h1>
        <p id="count" style="font-size:3em">{v.Count}</p>
        <table>
        <tr><td>visits in this session</td><td>{v.Count}</td></tr>
        <tr><td>web server</td><td id="server">{WebUtility.HtmlEncode(v.Server)}</td></tr>
        <tr><td>soss host</td><td id="soss">{WebUtility.HtmlEncode(v.SossHost)}</td></tr>
        <tr><td>session id</td><td>{WebUtility.HtmlEncode(v.SessionId)}</td></tr>
        </table>
        <p><a href="/">visit again</a></p>
        </body></html>
        """;
}
