// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// TLS is in a soss_rest build when OpenSSL is (SOSS_REST_TLS=1, the Linux builds). The Windows
// builds have no OpenSSL (Debian ships none for mingw-w64): they serve plain HTTP only, and a
// configured tls_cert_file is a configuration error there (make_tls_context).
#if SOSS_REST_TLS
#include <asio/ssl.hpp>
#endif

namespace soss::rest {

#if SOSS_REST_TLS
using TlsContext = asio::ssl::context;
#else
// Never made: this build has no TLS.
struct TlsContext {};
#endif

inline constexpr bool kHaveTls = SOSS_REST_TLS != 0;

}  // namespace soss::rest
