// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// SHA-256 rounds with the x86 SHA extensions (SHA-NI). Compiler intrinsics only (no OS
// headers), so core's layering rule holds; other CPUs and compilers get the portable rounds.
#include "common/sha256_blocks.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define SOSS_SHA256_X86 1
#include <cstddef>
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace soss::core::detail {

#ifdef SOSS_SHA256_X86

bool sha256_blocks_accelerated_available() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) {
    return false;
  }
  const bool ssse3 = (c & (1u << 9)) != 0;
  const bool sse41 = (c & (1u << 19)) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) {
    return false;
  }
  const bool sha = (b & (1u << 29)) != 0;
  return ssse3 && sse41 && sha;
}

// The state is kept as two registers, ABEF and CDGH, the layout sha256rnds2 works on. Each
// group of four rounds adds the round constants to four message words, runs two rounds on the
// low pair and two on the high pair (the registers swap roles every two rounds), and extends
// the message schedule four words ahead with sha256msg1/msg2.
__attribute__((target("sha,ssse3,sse4.1"))) void sha256_blocks_accelerated(
    std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (std::size_t block = 0; block < n; ++block) {
    const std::uint8_t* data = blocks + 64 * block;
    const __m128i abef_start = abef;
    const __m128i cdgh_start = cdgh;
    __m128i w[4];
    for (int i = 0; i < 4; ++i) {
      w[i] = _mm_shuffle_epi8(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + std::ptrdiff_t{16} * i)),
          byte_swap);
    }
    for (int g = 0; g < 16; ++g) {
      // w[g % 4] holds message words 4g..4g+3; the next three slots hold the 12 after them.
      __m128i wk = _mm_add_epi32(
          w[g & 3],
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha256Round + std::ptrdiff_t{4} * g)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      if (g < 12) {
        __m128i next = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
        next = _mm_add_epi32(next, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
        w[g & 3] = _mm_sha256msg2_epu32(next, w[(g + 3) & 3]);
      }
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef_start);
    cdgh = _mm_add_epi32(cdgh, cdgh_start);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

#else

bool sha256_blocks_accelerated_available() { return false; }

void sha256_blocks_accelerated(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n) {
  sha256_blocks_portable(state, blocks, n);
}

#endif

}  // namespace soss::core::detail
