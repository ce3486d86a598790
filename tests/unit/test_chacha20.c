// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ChaCha20 block function against RFC 8439's test vector for it
 * (§2.3.2): key 00 01 .. 1f, counter 1, nonce 00:00:00:09:00:00:00:4a:
 * 00:00:00:00.  A mistake here is an entropy device that looks random and
 * is not ChaCha20.
 * sources: lib/chacha20.c
 */
#include <stdint.h>
#include "check.h"
#include "lib/chacha20.h"

static void rfc8439_block(void)
{
	static const uint8_t want[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f,
		0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03,
		0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46,
		0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8,
		0xa2, 0x50, 0x3c, 0x4e,
	};
	uint32_t key[8], nonce[3] = { 0x09000000, 0x4a000000, 0 };
	uint8_t out[64];

	for (int i = 0; i < 8; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	CHECK(memcmp(out, want, 64) == 0);
	/* Another counter, another block. */
	uint8_t next[64];
	chacha20_block(key, 2, nonce, next);
	CHECK(memcmp(out, next, 64) != 0);
}

int main(void)
{
	RUN(rfc8439_block);
	return 0;
}
