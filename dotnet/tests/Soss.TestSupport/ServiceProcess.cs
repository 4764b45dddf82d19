// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Soss.TestSupport;

/// <summary>
/// One soss_service process started with a params file in its own temp folder, its output in
/// service.log there. Dispose stops it by pid (SIGTERM, then SIGKILL after 5 s) and removes the
/// folder. Not thread-safe.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private Process? _process;

    public ServiceProcess(string folder, string paramsText)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        File.WriteAllText(ParamsFile, paramsText);
    }

    public string Folder { get; }
    public string ParamsFile => Path.Combine(Folder, "soss_params.txt");
    public string LogFile => Path.Combine(Folder, "service.log");
    public int Pid => _process?.Id ?? 0;
    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        // The service's output goes to its log through a shell redirect, so no pipe can fill up.
        var info = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec \"$0\" --params \"$1\" >>\"$2\" 2>&1", RepoPaths.Service, ParamsFile, LogFile },
            UseShellExecute = false,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("soss_service did not start");
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    /// <summary>Sends <paramref name="signal"/> to the process and waits up to 5 s for it to exit.</summary>
    public bool Signal(int signal)
    {
        if (_process is not { HasExited: false } p)
        {
            return true;
        }
        SysKill(p.Id, signal);
        return p.WaitForExit(5000);
    }

    public void Kill() => Signal(SigKill);

    public void Stop()
    {
        if (!Signal(SigTerm))
        {
            Signal(SigKill);
        }
        _process?.WaitForExit(5000);
    }

    /// <summary>Runs the soss CLI against this host (10 s bound); exit code and stdout.</summary>
    public (int Exit, string Out) Cli(string address, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.Cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--params", ParamsFile, "--host", address, "--timeout", "3" }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }
        using Process p = Process.Start(info)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(10_000))
        {
            p.Kill();
            p.WaitForExit(2000);
            return (-1, string.Empty);
        }
        return (p.ExitCode, output.Result);
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
