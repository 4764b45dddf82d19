// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using Soss.Client.Protocol;
using Soss.TestSupport;

namespace Soss.Client.Tests;

// Gateways, connection strings and soss_client_params.txt, against one real soss_service.
public sealed class ConnectionTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>
{
    [Fact]
    public async Task ADeadFirstGatewayFailsOverToTheNextOne()
    {
        SossStore store = fixture.Require();
        int dead = Ports.Free(1)[0];
        using var conn = new SossConnection($"bootstrapGateways=127.0.0.1:{dead},127.0.0.1:{store.SvrPort};maxRequestRetries=0");
        CacheResult r = await conn.Cache("gw").PutAsync("k", "v");
        Assert.Equal(ResultCode.Added, r.Code);
        Assert.Equal($"127.0.0.1:{store.SvrPort}", r.Host);
    }

    [Fact]
    public async Task NoReachableGatewayAnswersUnavailable()
    {
        fixture.Require();
        int[] dead = Ports.Free(2);
        using var conn = new SossConnection($"bootstrapGateways=127.0.0.1:{dead[0]},127.0.0.1:{dead[1]};maxRequestRetries=1");
        CacheResult r = await conn.Cache("gw").ReadAsync("k");
        Assert.Equal(ResultCode.Unavailable, r.Code);
        Assert.Contains("cannot connect", r.Message);
    }

    [Fact]
    public async Task TheClientParamsFileNamesTheGateways()
    {
        SossStore store = fixture.Require();
        string dir = Directory.CreateTempSubdirectory("soss-cli-params").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "soss_client_params.txt"),
                $"# test\nmax_rem_retries 3\nmax_svr_conn 2\nrem_gw  {ClientParamsFile.RemoteClientStore}, 720, 127.0.0.1, {store.SvrPort}\nrem_gw other, 720, 127.0.0.9, 1\n");
            using SossConnection conn = SossConnection.FromParamsFile(dir);
            Assert.Equal([new Endpoint("127.0.0.1", store.SvrPort)], conn.Options.BootstrapGateways);
            Assert.Equal(3, conn.Options.MaxRequestRetries);
            Assert.Equal(2, conn.Options.MaxPoolSize);
            Assert.Equal(ResultCode.Added, (await conn.Cache("params").PutAsync("k", "v")).Code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void WithoutRemoteGatewaysTheLocalServicesPortIsUsed()
    {
        string dir = Directory.CreateTempSubdirectory("soss-cli-params").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "soss_params.txt"), "svr_port 7721 # comment\nnet_interface\n");
            SossConnectionOptions o = ClientParamsFile.Load(dir);
            Assert.Equal([new Endpoint("127.0.0.1", 7721)], o.BootstrapGateways);
            Assert.Equal(30, o.MaxRequestRetries);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ConnectionStringsParseAndRejectUnknownKeys()
    {
        SossConnectionOptions o = SossConnectionOptions.Parse("bootstrapGateways=127.0.0.1:7000,127.0.0.1; MaxRequestRetries=5;requestTimeoutMs=250;maxPoolSize=1");
        Assert.Equal([new Endpoint("127.0.0.1", 7000), new Endpoint("127.0.0.1", 721)], o.BootstrapGateways);
        Assert.Equal(5, o.MaxRequestRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.RequestTimeout);
        Assert.Throws<FormatException>(() => SossConnectionOptions.Parse("bootstrapGateways=127.0.0.1;bogus=1"));
        Assert.Throws<FormatException>(() => SossConnectionOptions.Parse("maxRequestRetries=1"));
    }

    [Fact]
    public async Task ALoneHostHasNoRoutingTableAndServesEverything()
    {
        SossStore store = fixture.Require();
        using var conn = new SossConnection(store.ConnectionString());
        CacheResult routing = await conn.ExecuteAsync(new WireRequest { Op = OpCode.GetRouting });
        Assert.Equal(ResultCode.Ok, routing.Code);
        Assert.Equal(ResultCode.Ok, (await conn.ExecuteAsync(new WireRequest { Op = OpCode.Ping })).Code);
    }
}
