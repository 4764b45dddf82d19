// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// SessionTest: counts visits in ASP.NET Core session state stored in soss and shows which web
// server and which soss host answered. Run two of these on different ports against one store and
// the count carries from one to the other (a web farm without sticky sessions).
//
// Settings (appsettings.json, environment variables Soss__ConnectionString and so on, or the
// command line --Soss:ConnectionString=...):
//   Soss:ConnectionString    bootstrapGateways=127.0.0.1:721 (default: /etc/soss/soss_client_params.txt)
//   SessionTest:ServerName   shown on the page (default: machine name and process id)
//   SessionTest:KeysFolder   Data Protection keys shared by every server of the farm, so each can
//                            read the session cookie another one issued
using Microsoft.AspNetCore.DataProtection;
using Soss.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
string? connectionString = builder.Configuration["Soss:ConnectionString"];
string serverName = builder.Configuration["SessionTest:ServerName"] ?? $"{Environment.MachineName}:{Environment.ProcessId}";
string keysFolder = builder.Configuration["SessionTest:KeysFolder"] ?? Path.Combine(Path.GetTempPath(), "soss-sessiontest-keys");

// Session state kept in soss by Soss.AspNetCore's own ISessionStore: one soss object per session,
// locked for the length of a request (exclusive session locking), so two requests of one session
// on two web servers take turns instead of losing a visit.
builder.Services.AddSossSession(o =>
{
    o.ConnectionString = connectionString;
    o.Namespace = "sessiontest";
    o.ExclusiveSessionLocking = true;
}, session =>
{
    session.IdleTimeout = TimeSpan.FromMinutes(20);
    session.Cookie.Name = "SessionTest";
    session.Cookie.IsEssential = true;
});
builder.Services.AddDataProtection()
    .PersistKeysToFileSystem(new DirectoryInfo(keysFolder))
    .SetApplicationName("SessionTest");

var app = builder.Build();
app.UseSession();

// Plain request delegates (a lambda of HttpContext alone is one, so it must write the response itself).
app.MapGet("/api/visit", async (HttpContext http) =>
    await http.Response.WriteAsJsonAsync(await Visits.CountAsync(http, serverName)));

app.MapGet("/", async (HttpContext http) =>
    await Results.Content(Visits.Page(await Visits.CountAsync(http, serverName)), "text/html").ExecuteAsync(http));

app.Run();
