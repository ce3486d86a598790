// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the MMIO instruction decoder with any bytes at the
 * guest's eip.  It must read none past the n it is given (the input is
 * decoded from a heap block of exactly that size) nor past the 15th (a
 * longer input is passed with its true n but only 15 bytes allocated),
 * and when it accepts an instruction:
 *  - len <= n and len <= 15; size is 1, 2 or 4; reg < 8;
 *  - an immediate is only ever written (has_imm => write), fits its
 *    size, and names no register;
 *  - a register operand has reg_size 1, 2 or 4, no smaller than size;
 *    byte_reg only with size 1 and reg_size 1; movzx/movsx only read;
 *  - the same bytes with more after them decode the same, its first
 *    len bytes alone decode the same, and every shorter prefix of those
 *    is refused as unreadable.
 * A refusal other than "unreadable" stays the same with more bytes.
 * sources: hv/mmio_decode.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hv/mmio_decode.h"

#define MAX_INPUT 64

static void check(int ok)
{
	if (!ok)
		abort();
}

static const char *decode(const uint8_t *b, uint32_t n, uint32_t alloc, struct mmio_insn *out)
{
	uint8_t *copy = malloc(alloc ? alloc : 1);
	const char *why;

	memcpy(copy, b, alloc);
	why = mmio_decode(copy, n, out);
	free(copy);
	return why;
}

static int same(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->len == b->len && a->size == b->size && a->write == b->write &&
	       a->has_imm == b->has_imm && a->imm == b->imm && a->reg == b->reg &&
	       a->byte_reg == b->byte_reg && a->reg_size == b->reg_size && a->ext == b->ext;
}

static int unreadable(const char *why)
{
	return why && strstr(why, "unreadable");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t n = size > MAX_INPUT ? MAX_INPUT : (uint32_t)size;
	uint8_t more[MAX_INPUT + 16];
	struct mmio_insn in, again;
	const char *why, *why2;

	/* Exactly n bytes; and past 15 only 15 allocated. */
	why = decode(data, n, n, &in);
	if (n > MMIO_INSN_MAX) {
		why2 = decode(data, n, MMIO_INSN_MAX, &again);
		check(!why == !why2 && (why ? !strcmp(why, why2) : same(&in, &again)));
	}
	/* More bytes after them: the input again, then 0xFF. */
	memcpy(more, data, n);
	for (uint32_t i = 0; i < sizeof(more) - n; i++)
		more[n + i] = i < n ? data[i] : 0xFF;
	why2 = decode(more, sizeof(more), sizeof(more), &again);

	if (why) {
		check(*why != '\0');
		/* Running out of bytes can only be helped by more bytes;
		 * anything else was decided by the bytes already there. */
		if (!unreadable(why) || n >= MMIO_INSN_MAX)
			check(why2 && !strcmp(why2, why));
		return 0;
	}
	check(!why2 && same(&in, &again));
	check(in.len >= 1 && in.len <= n && in.len <= MMIO_INSN_MAX);
	check(in.size == 1 || in.size == 2 || in.size == 4);
	check(in.reg < 8);
	check(in.ext == MMIO_EXT_NONE || in.ext == MMIO_EXT_ZERO || in.ext == MMIO_EXT_SIGN);
	if (in.has_imm) {
		check(in.write && in.ext == MMIO_EXT_NONE);
		check(in.size == 4 || in.imm < 1u << (8 * in.size));
		check(in.reg == 0 && !in.byte_reg && in.reg_size == 0);
	} else {
		check(in.imm == 0);
		check(in.reg_size == 1 || in.reg_size == 2 || in.reg_size == 4);
		check(in.reg_size >= in.size);
		if (in.byte_reg)
			check(in.size == 1 && in.reg_size == 1 && in.ext == MMIO_EXT_NONE);
		if (in.ext != MMIO_EXT_NONE)
			check(!in.write && !in.byte_reg);	/* 66 0F B7: 16 from 16 */
		else
			check(in.reg_size == in.size);
	}
	/* Its own bytes alone, and every prefix of them. */
	why2 = decode(data, in.len, in.len, &again);
	check(!why2 && same(&in, &again));
	for (uint32_t k = 0; k < in.len; k++)
		check(unreadable(decode(data, k, k, &again)));
	return 0;
}
