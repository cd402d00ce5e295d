#ifndef STEWARD_SHA256_INSTRUCTIONS_H
#define STEWARD_SHA256_INSTRUCTIONS_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants.
const uint32_t *steward_sha256_round_constants(void);

/// Whether this CPU has the x86 SHA extensions (and the SSSE3 and SSE4.1 they are used with).
int steward_sha256_instructions_available(void);

/// SHA-256 of `length` bytes at `message`, written to `digest` (32 bytes), with the x86 SHA
/// extensions. Call only where steward_sha256_instructions_available() returned 1.
void steward_sha256_instructions(const uint8_t *message, size_t length, uint8_t *digest);

#endif
