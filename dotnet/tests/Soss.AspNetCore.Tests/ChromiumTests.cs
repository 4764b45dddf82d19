// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using Soss.TestSupport;

namespace Soss.AspNetCore.Tests;

// The SessionTest site in Debian's headless Chromium: a screenshot that is a real, non-blank
// PNG, and a DOM that shows the visit counter, the web server and the soss host.
public sealed class ChromiumTests(OneHostFixture fixture) : IClassFixture<OneHostFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task HeadlessChromiumShowsTheCounter()
    {
        SossStore store = fixture.Require();
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} not found: apt-get install chromium (scripts/install-deps.sh does)");
        }
        string folder = Path.Combine(Path.GetTempPath(), $"soss-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using SessionSite site = await SessionSite.StartAsync("web-chromium", store.ConnectionString(), folder);
            string png = Path.Combine(folder, "page.png");
            Run(folder, $"--screenshot={png}", "--window-size=800,600", site.Url.ToString());
            Assert.True(File.Exists(png), $"chromium wrote no screenshot; log:\n{File.ReadAllText(site.LogFile)}");
            var (width, height, colours) = PngImage.Inspect(await File.ReadAllBytesAsync(png));
            Assert.Equal((800, 600), (width, height));
            Assert.True(colours >= 3, $"the screenshot has {colours} colour(s): blank");

            // A second browser profile, so a new session: its first visit counts 1.
            string dom = Run(folder, "--dump-dom", site.Url.ToString());
            Assert.Matches("<p id=\"count\"[^>]*>1</p>", dom);
            Assert.Contains("<td id=\"server\">web-chromium</td>", dom);
            Assert.Contains($"<td id=\"soss\">127.0.0.1:{store.SvrPort}</td>", dom);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One headless Chromium run with a fresh profile (60 s bound); its stdout.</summary>
    private static string Run(string folder, params string[] args)
    {
        var info = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] fixedArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={Path.Combine(folder, "profile-" + Guid.NewGuid().ToString("N")[..8])}"];
        foreach (string a in fixedArgs.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        using Process p = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start");
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
            throw new TimeoutException("chromium ran over 60 s");
        }
        return output.Result;
    }
}
