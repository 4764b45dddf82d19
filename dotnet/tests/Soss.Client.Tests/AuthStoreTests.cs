// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

/// <summary>One real soss_service whose params name an access file (auth_file) with a write and a read user.</summary>
public sealed class GuardedStoreFixture : IAsyncLifetime
{
    private SossStore? _store;
    private string? _dir;

    public SossStore Require()
    {
        string? missing = RepoPaths.MissingService();
        if (missing != null)
        {
            Assert.Skip(missing);
        }
        return _store ?? throw new InvalidOperationException("the store did not start");
    }

    public async ValueTask InitializeAsync()
    {
        if (RepoPaths.MissingService() != null)
        {
            return;
        }
        _dir = Directory.CreateTempSubdirectory("soss-dotnet-auth").FullName;
        string access = Path.Combine(_dir, "access.txt");
        // ops (admin) is there for the soss CLI of the health check, which uses the file's first admin.
        File.WriteAllText(access, "secret dotnet-auth-test-store-secret\nuser ops admin pw0\nuser web write pw1\nuser report read pw2\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(access, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _store = await SossStore.StartAsync(1, $"auth_file {access}\n");
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        if (_dir != null)
        {
            Directory.Delete(_dir, recursive: true);
        }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

// Client authentication against a real soss_service with an access file.
public sealed class AuthStoreTests(GuardedStoreFixture fixture) : IClassFixture<GuardedStoreFixture>
{
    private SossConnection Connect(string credentials) =>
        new(fixture.Require().ConnectionString(";maxRequestRetries=0" + credentials));

    [Fact]
    public async Task TheWriteUserWritesAndReads()
    {
        using SossConnection conn = Connect(";user=web;password=pw1");
        SossCache cache = conn.Cache("auth");
        Assert.True((await cache.PutAsync("k", "v")).Succeeded);
        CacheResult r = await cache.ReadAsync("k");
        Assert.Equal(ResultCode.Retrieved, r.Code);
        Assert.Equal("v"u8.ToArray(), r.Value);
    }

    [Fact]
    public async Task AWrongPasswordThrowsTheTypedException()
    {
        using SossConnection conn = Connect(";user=web;password=not-pw1");
        var e = await Assert.ThrowsAsync<SossAuthenticationException>(() => conn.Cache("auth").ReadAsync("k"));
        Assert.Equal("web", e.User);
        Assert.Equal(ResultCode.Unauthorized, e.Code);
        Assert.DoesNotContain("not-pw1", e.ToString());
    }

    [Fact]
    public async Task TheReadUserReadsButCannotWrite()
    {
        using (SossConnection writer = Connect(";user=web;password=pw1"))
        {
            Assert.True((await writer.Cache("auth").PutAsync("shared", "1")).Succeeded);
        }
        using SossConnection conn = Connect(";user=report;password=pw2");
        SossCache cache = conn.Cache("auth");
        Assert.Equal(ResultCode.Retrieved, (await cache.ReadAsync("shared")).Code);
        Assert.Equal(ResultCode.Unauthorized, (await cache.PutAsync("shared", "2")).Code);
        Assert.Equal("1"u8.ToArray(), (await cache.ReadAsync("shared")).Value);
    }

    [Fact]
    public async Task WithoutCredentialsTheStoreAnswersUnauthorized()
    {
        if (new SossConnectionOptions().ResolveCredentials() != null)
        {
            Assert.Skip("SOSS_USER is set in this environment");
        }
        using SossConnection conn = Connect("");
        Assert.Equal(ResultCode.Unauthorized, (await conn.Cache("auth").ReadAsync("k")).Code);
    }
}
