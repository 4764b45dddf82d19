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

builder.Services.AddSossDistributedCache(o =>
{
    o.ConnectionString = connectionString;
    o.Namespace = "sessiontest";
});
builder.Services.AddSession(o =>
{
    o.IdleTimeout = TimeSpan.FromMinutes(20);
    o.Cookie.Name = "SessionTest";
    o.Cookie.IsEssential = true;
});
builder.Services.AddDataProtection()
    .PersistKeysToFileSystem(new DirectoryInfo(keysFolder))
    .SetApplicationName("SessionTest");

var app = builder.Build();
app.UseSession();

app.MapGet("/api/visit", async (HttpContext http, SossDistributedCache cache) =>
    Results.Json(await Visits.CountAsync(http, cache, serverName)));

app.MapGet("/", async (HttpContext http, SossDistributedCache cache) =>
    Results.Content(Visits.Page(await Visits.CountAsync(http, cache, serverName)), "text/html"));

app.Run();
