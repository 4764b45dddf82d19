// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Exit codes of every soss program (sysexits style; docs/cli.md lists them). Never renumber.
namespace soss::apps {
inline constexpr int kExitOk = 0;
inline constexpr int kExitNotFound = 1;   // the object/namespace/lock asked for is not there
inline constexpr int kExitRefused = 2;    // the store refused: exists, locked, version, lock lost
inline constexpr int kExitUnhealthy = 3;  // `soss query`: the store or host is not healthy
inline constexpr int kExitUsage = 64;
inline constexpr int kExitDataError = 65;    // bad input data (e.g. value too large)
inline constexpr int kExitUnavailable = 69;  // the service cannot be reached / not ready
inline constexpr int kExitInternal = 70;
inline constexpr int kExitTempFail = 75;  // timed out, low memory: try again later
inline constexpr int kExitNoPerm = 77;    // the store refused the user (access file)
inline constexpr int kExitConfig = 78;
}  // namespace soss::apps
