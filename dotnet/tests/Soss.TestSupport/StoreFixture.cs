// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Xunit;

namespace Soss.TestSupport;

/// <summary>
/// An xunit fixture holding one <see cref="SossStore"/> of <see cref="HostCount"/> hosts for a
/// test class; tests call <see cref="Require"/>, which skips them with the reason when
/// soss_service is not built.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private SossStore? _store;

    protected abstract int HostCount { get; }

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
        if (RepoPaths.MissingService() == null)
        {
            _store = await SossStore.StartAsync(HostCount);
        }
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class OneHostFixture : StoreFixture
{
    protected override int HostCount => 1;
}

public sealed class ThreeHostFixture : StoreFixture
{
    protected override int HostCount => 3;
}
