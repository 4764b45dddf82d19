// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

// Locks with tickets, absolute and sliding timeouts, touch, against one real soss_service.
public sealed class LockAndTimeoutTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>, IDisposable
{
    private readonly SossConnection _conn = new(fixture.Require().ConnectionString());

    private SossCache NewCache() => _conn.Cache("locks-" + Guid.NewGuid().ToString("N")[..8]);
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose() => _conn.Dispose();

    [Fact]
    public async Task ALockRefusesOthersUntilUpdateAndRelease()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", "v1");
        CacheResult locked = await c.ReadExclusiveAsync("k", TimeSpan.FromSeconds(1));
        Assert.Equal(ResultCode.Retrieved, locked.Code);
        Assert.NotEqual(0ul, locked.Ticket);
        Assert.Equal(ResultCode.ObjectLocked, (await c.UpdateAsync("k", B("other"))).Code);
        Assert.Equal(ResultCode.AlreadyLocked, (await c.TryReadExclusiveAsync("k")).Code);
        Assert.Equal(ResultCode.AlreadyLocked, (await c.LockAsync("k", TimeSpan.FromMilliseconds(100))).Code);
        Assert.Equal(ResultCode.Retrieved, (await c.ReadLockedAsync("k", locked.Ticket)).Code);
        Assert.Equal(ResultCode.Updated, (await c.UpdateAndReleaseAsync("k", B("v2"), locked.Ticket)).Code);
        Assert.Equal(ResultCode.LockLost, (await c.ReleaseLockAsync("k", locked.Ticket)).Code);
        Assert.Equal(ResultCode.Updated, (await c.UpdateAsync("k", B("v3"))).Code);
        Assert.Equal(B("v3"), (await c.ReadAsync("k")).Value);
    }

    [Fact]
    public async Task AWaitingLockGetsTheObjectWhenItIsReleased()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", "v");
        CacheResult first = await c.LockAsync("k", TimeSpan.Zero);
        Assert.Equal(ResultCode.Locked, first.Code);
        Task<CacheResult> waiter = c.LockAsync("k", TimeSpan.FromSeconds(5));
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        Assert.Equal(ResultCode.Unlocked, (await c.ReleaseLockAsync("k", first.Ticket)).Code);
        CacheResult second = await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ResultCode.Locked, second.Code);
        Assert.NotEqual(first.Ticket, second.Ticket);
        Assert.Equal(ResultCode.Unlocked, (await c.ReleaseLockAsync("k", second.Ticket)).Code);
    }

    [Fact]
    public async Task ACancelledLockWaitThrowsAndTheConnectionStaysUsable()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", "v");
        CacheResult held = await c.LockAsync("k", TimeSpan.Zero);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.LockAsync("k", TimeSpan.FromSeconds(10), cts.Token));
        Assert.Equal(ResultCode.Unlocked, (await c.ReleaseLockAsync("k", held.Ticket)).Code);
    }

    [Fact]
    public async Task AnAbsoluteTimeoutExpiresEvenWhenRead()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", B("v"), CachePolicy.Absolute(TimeSpan.FromSeconds(2)));
        CacheResult meta = await c.MetadataAsync("k");
        Assert.Equal(2u, meta.Metadata.TimeoutSeconds);
        Assert.Equal(TimeoutType.Absolute, meta.Metadata.TimeoutType);
        await Task.Delay(1200);
        Assert.Equal(ResultCode.Retrieved, (await c.ReadAsync("k")).Code);
        Assert.True(await Ports.EventuallyAsync(async () => (await c.ReadAsync("k")).Code == ResultCode.NotFound, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task TouchKeepsASlidingObjectAlive()
    {
        SossCache c = _conn.Cache("sliding-" + Guid.NewGuid().ToString("N")[..8], CachePolicy.Sliding(TimeSpan.FromSeconds(2)));
        await c.PutAsync("k", "v");
        for (int i = 0; i < 4; ++i)
        {
            await Task.Delay(1000);
            Assert.Equal(ResultCode.Ok, (await c.TouchAsync("k")).Code);
        }
        Assert.Equal(ResultCode.Retrieved, (await c.MetadataAsync("k")).Code);
        Assert.True(await Ports.EventuallyAsync(async () => (await c.MetadataAsync("k")).Code == ResultCode.NotFound, TimeSpan.FromSeconds(6)));
        Assert.Equal(ResultCode.NotFound, (await c.TouchAsync("k")).Code);
    }

    [Fact]
    public async Task SetTimeoutReportsTheTimeLeft()
    {
        SossCache c = NewCache();
        await c.PutAsync("k", "v");
        CacheResult r = await c.SetTimeoutAsync("k", CachePolicy.Absolute(TimeSpan.FromSeconds(30)));
        Assert.Equal(ResultCode.Ok, r.Code);
        Assert.InRange(r.Response.Count, 25_000ul, 30_000ul);
    }
}
