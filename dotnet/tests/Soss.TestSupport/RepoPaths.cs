// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.TestSupport;

/// <summary>
/// Where the tests find the repository and the C++ programs: SOSS_SERVICE and SOSS_CLI, else
/// build-test/ of the checkout this assembly was built from.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Service => Environment.GetEnvironmentVariable("SOSS_SERVICE") is { Length: > 0 } s
        ? s : Path.Combine(Root, "build-test/apps/soss_service/soss_service");

    public static string Cli => Environment.GetEnvironmentVariable("SOSS_CLI") is { Length: > 0 } s
        ? s : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Service)!)!, "soss/soss");

    public static string Golden => Path.Combine(Root, "tests/golden");

    /// <summary>Null when the service binary exists, else why the test must be skipped.</summary>
    public static string? MissingService() => File.Exists(Service)
        ? null
        : $"soss_service not found at {Service}: build it (./scripts/build.sh build-test Debug) or set SOSS_SERVICE";

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, "tests/golden")) && Directory.Exists(Path.Combine(dir, "dotnet")))
            {
                return dir;
            }
        }
        throw new DirectoryNotFoundException($"no soss checkout above {AppContext.BaseDirectory}");
    }
}
