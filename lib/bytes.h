/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Narrow accesses to wider registers: an in of one byte from a 32-bit
 * port, a 2-byte write into a 4-byte field.  Little-endian, as the x86
 * and PCI registers the hypervisor emulates are; len is 1, 2 or 4.
 */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stdbool.h>
#include <stdint.h>

/* All ones in the low len bytes. */
static inline uint32_t bytes_mask(uint32_t len)
{
	return len >= 4 ? 0xFFFFFFFFu : (1u << (8 * len)) - 1;
}

/* The len bytes of word from byte at on. */
static inline uint32_t bytes_extract(uint32_t word, uint32_t at, uint32_t len)
{
	return (word >> (8 * at)) & bytes_mask(len);
}

/* word with its len bytes from byte at on replaced by the low bytes of v:
 * what a narrow write does to a wider register. */
static inline uint32_t bytes_merge(uint32_t word, uint32_t at, uint32_t len, uint32_t v)
{
	uint32_t mask = bytes_mask(len) << (8 * at);

	return (word & ~mask) | ((v << (8 * at)) & mask);
}

/* Whether the len bytes at p add up to 0 mod 256: the checksum firmware
 * tables (ACPI's, the MP table's) carry. */
static inline bool bytes_sum_to_zero(const void *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

#endif
