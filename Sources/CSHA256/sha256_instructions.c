// SHA-256 with the x86 SHA extensions (FIPS 180-4; the round structure follows Intel's
// "Intel SHA Extensions" white paper). Used only to check stored ledger hashes quickly; the tests
// hold it to swift-crypto on every length.
#include "sha256_instructions.h"

#include <string.h>

// FIPS 180-4's round constants; SHA256Lanes reads them from here too.
static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *steward_sha256_round_constants(void) { return K; }

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

int steward_sha256_instructions_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

// Four rounds: the schedule words plus their constants, two rounds per sha256rnds2.
#define ROUNDS(state0, state1, words, group)                                              \
    do {                                                                                  \
        __m128i sum = _mm_add_epi32(words, _mm_load_si128((const __m128i *)&K[4 * (group)])); \
        state1 = _mm_sha256rnds2_epu32(state1, state0, sum);                              \
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(sum, 0x0E));     \
    } while (0)

// The next four schedule words from the sixteen before them (w0 oldest, w3 newest).
#define SCHEDULE(w0, w1, w2, w3) \
    _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3)

__attribute__((target("sha,sse4.1,ssse3")))
static void compress(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // The instructions keep the state as ABEF and CDGH.
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i savedABEF = state0, savedCDGH = state1;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byteSwap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byteSwap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byteSwap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byteSwap);
        ROUNDS(state0, state1, w0, 0);
        ROUNDS(state0, state1, w1, 1);
        ROUNDS(state0, state1, w2, 2);
        ROUNDS(state0, state1, w3, 3);
        for (int group = 4; group < 16; group += 4) {
            w0 = SCHEDULE(w0, w1, w2, w3);
            ROUNDS(state0, state1, w0, group);
            w1 = SCHEDULE(w1, w2, w3, w0);
            ROUNDS(state0, state1, w1, group + 1);
            w2 = SCHEDULE(w2, w3, w0, w1);
            ROUNDS(state0, state1, w2, group + 2);
            w3 = SCHEDULE(w3, w0, w1, w2);
            ROUNDS(state0, state1, w3, group + 3);
        }
        state0 = _mm_add_epi32(state0, savedABEF);
        state1 = _mm_add_epi32(state1, savedCDGH);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);
    state1 = _mm_shuffle_epi32(state1, 0xB1);
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);
    state1 = _mm_alignr_epi8(state1, tmp, 8);
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

void steward_sha256_instructions(const uint8_t *message, size_t length, uint8_t *digest) {
    uint32_t state[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    const size_t whole = length / 64;
    if (whole > 0) compress(state, message, whole);
    // The padded rest: 0x80, zeros, the length in bits big-endian; one block or two.
    uint8_t tail[128] = {0};
    const size_t rest = length % 64;
    if (rest > 0) memcpy(tail, message + 64 * whole, rest);
    tail[rest] = 0x80;
    const size_t tailBlocks = rest + 9 > 64 ? 2 : 1;
    const uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) tail[64 * tailBlocks - 1 - i] = (uint8_t)(bits >> (8 * i));
    compress(state, tail, tailBlocks);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)state[i];
    }
}

#else

int steward_sha256_instructions_available(void) { return 0; }

// Never called: callers check steward_sha256_instructions_available() first.
void steward_sha256_instructions(const uint8_t *message, size_t length, uint8_t *digest) {
    (void)message;
    (void)length;
    (void)digest;
    __builtin_trap();
}

#endif
