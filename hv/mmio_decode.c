// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding, in 32-bit code: optional operand-size (0x66) and segment
 * prefixes; the opcode; then a ModRM byte, a SIB byte when rm is 4, and
 * the displacement its mod and rm (or SIB base) call for.  Which address
 * the instruction computed does not matter: the page fault told us; we
 * only need the access's width and direction, the register or immediate
 * on the other side, and where the next instruction starts.
 *
 *   88 /r  mov r/m8, r8        8A /r  mov r8, r/m8
 *   89 /r  mov r/m32, r32      8B /r  mov r32, r/m32     (16 with 0x66)
 *   C6 /0  mov r/m8, imm8      C7 /0  mov r/m32, imm32   (imm16 with 0x66)
 *   0F B6, 0F B7  movzx r32, r/m8 | r/m16    0F BE, 0F BF  movsx
 *   A0-A3  mov al/eax to or from [moffs32]
 */
#include "hv/mmio_decode.h"

struct cursor {
	const uint8_t *b;
	uint32_t n, at;
	bool short_read;
};

static uint32_t take(struct cursor *c, uint32_t bytes)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < bytes; i++) {
		if (c->at >= c->n) {
			c->short_read = true;
			return 0;
		}
		v |= (uint32_t)c->b[c->at++] << (8 * i);
	}
	return v;
}

/* Skips the memory operand after a ModRM byte; false if it names a
 * register instead (mod 3), which is no memory access at all. */
static bool skip_memory_operand(struct cursor *c, uint8_t modrm)
{
	uint32_t mod = modrm >> 6, rm = modrm & 7;

	if (mod == 3)
		return false;
	if (rm == 4) {
		uint8_t sib = (uint8_t)take(c, 1);
		if (mod == 0 && (sib & 7) == 5)
			take(c, 4);	/* no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		take(c, 4);		/* absolute disp32 */
	}
	if (mod == 1)
		take(c, 1);
	else if (mod == 2)
		take(c, 4);
	return true;
}

static bool is_segment_prefix(uint8_t p)
{
	return p == 0x26 || p == 0x2E || p == 0x36 || p == 0x3E || p == 0x64 || p == 0x65;
}

const char *mmio_decode(const uint8_t *b, uint32_t n, struct mmio_insn *out)
{
	struct cursor c = { b, n > MMIO_INSN_MAX ? MMIO_INSN_MAX : n, 0, false };
	bool opsize16 = false;
	uint8_t op, modrm;
	uint32_t wide;

	*out = (struct mmio_insn){ 0 };
	for (;;) {
		op = (uint8_t)take(&c, 1);
		if (c.short_read)
			return "instruction bytes unreadable";
		if (op == 0x66)
			opsize16 = true;
		else if (!is_segment_prefix(op))
			break;
	}
	wide = opsize16 ? 2 : 4;
	switch (op) {
	case 0x88: case 0x89: case 0x8A: case 0x8B:
		modrm = (uint8_t)take(&c, 1);
		if (c.short_read || !skip_memory_operand(&c, modrm))
			return c.short_read ? "instruction bytes unreadable" : "not a memory operand";
		out->size = (op & 1) ? (uint8_t)wide : 1;
		out->write = op <= 0x89;
		out->reg = (modrm >> 3) & 7;
		out->byte_reg = !(op & 1);
		out->reg_size = out->size;
		break;
	case 0xC6: case 0xC7:
		modrm = (uint8_t)take(&c, 1);
		if (c.short_read || ((modrm >> 3) & 7) || !skip_memory_operand(&c, modrm))
			return c.short_read ? "instruction bytes unreadable" : "not a mov to memory";
		out->size = op == 0xC7 ? (uint8_t)wide : 1;
		out->write = true;
		out->has_imm = true;
		out->imm = take(&c, out->size);
		break;
	case 0xA0: case 0xA1: case 0xA2: case 0xA3:
		take(&c, 4);	/* the absolute address */
		out->size = (op & 1) ? (uint8_t)wide : 1;
		out->write = op >= 0xA2;
		out->reg = 0;	/* al / ax / eax */
		out->byte_reg = !(op & 1);
		out->reg_size = out->size;
		break;
	case 0x0F:
		op = (uint8_t)take(&c, 1);
		if (op != 0xB6 && op != 0xB7 && op != 0xBE && op != 0xBF)
			return c.short_read ? "instruction bytes unreadable" : "unknown instruction";
		modrm = (uint8_t)take(&c, 1);
		if (c.short_read || !skip_memory_operand(&c, modrm))
			return c.short_read ? "instruction bytes unreadable" : "not a memory operand";
		out->size = (op & 1) ? 2 : 1;
		out->reg = (modrm >> 3) & 7;
		out->reg_size = (uint8_t)wide;
		out->ext = op >= 0xBE ? MMIO_EXT_SIGN : MMIO_EXT_ZERO;
		break;
	default:
		return "unknown instruction";
	}
	if (c.short_read)
		return "instruction bytes unreadable";
	out->len = (uint8_t)c.at;
	return 0;
}
