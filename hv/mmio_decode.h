/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instructions a guest may touch a device's registers with, decoded
 * from their bytes: the moves of every width Linux's readb/readw/readl
 * and writeb/writew/writel compile to, whatever registers and addressing
 * the compiler picked, and a few more a driver could reasonably use.  A
 * pure function of the bytes, so the host can test and fuzz it.
 */
#ifndef HV_MMIO_DECODE_H
#define HV_MMIO_DECODE_H

#include <stdint.h>
#include <stdbool.h>

#define MMIO_INSN_MAX 15	/* the longest x86 instruction */

enum mmio_ext { MMIO_EXT_NONE, MMIO_EXT_ZERO, MMIO_EXT_SIGN };

struct mmio_insn {
	uint8_t len;		/* bytes of the instruction */
	uint8_t size;		/* bytes of the memory access: 1, 2 or 4 */
	bool write;		/* to the device (else from it) */
	bool has_imm;		/* a write of imm (else of register reg) */
	uint32_t imm;
	uint8_t reg;		/* register number in x86 encoding order */
	bool byte_reg;		/* reg names al, cl, dl, bl, ah, ch, dh, bh */
	uint8_t reg_size;	/* bytes of the register a read fills: 1, 2, 4 */
	enum mmio_ext ext;	/* how a narrower read fills it (movzx/movsx) */
};

/* Decodes the n bytes at b.  Returns NULL, or why the instruction cannot
 * be emulated (unknown, not a memory access, too short). */
const char *mmio_decode(const uint8_t *b, uint32_t n, struct mmio_insn *out);

#endif
