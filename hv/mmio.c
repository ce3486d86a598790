// SPDX-License-Identifier: GPL-2.0-only
/*
 * MMIO emulation: the instruction's bytes are read through the guest's
 * own page tables with the checked helpers (a guest can point eip
 * anywhere), decoded (hv/mmio_decode.c), and carried out on the PCI bus
 * with the guest's registers as the CPU would have used them.
 */
#include "hv/mmio.h"
#include "hv/mmio_decode.h"
#include "hv/emulate.h"
#include "hv/devices/pci_config.h"
#include "mm/guest_virt.h"
#include "mm/paging.h"
#include "lib/bytes.h"
#include "lib/fmt.h"

/* A byte register: al, cl, dl, bl, then ah, ch, dh, bh. */
static uint32_t byte_shift(uint32_t n) { return n >= 4 ? 8 : 0; }


static uint32_t source(struct guest_regs *r, const struct mmio_insn *in)
{
	if (in->has_imm)
		return in->imm;
	if (in->byte_reg)
		return (*guest_gpr(r, in->reg & 3) >> byte_shift(in->reg)) & 0xFF;
	return *guest_gpr(r, in->reg) & bytes_mask(in->size);
}

static void destination(struct guest_regs *r, const struct mmio_insn *in, uint32_t v)
{
	if (in->byte_reg) {
		uint32_t *p = guest_gpr(r, in->reg & 3), sh = byte_shift(in->reg);
		*p = (*p & ~(0xFFu << sh)) | (v & 0xFF) << sh;
		return;
	}
	if (in->ext == MMIO_EXT_SIGN && (v >> (8 * in->size - 1)) & 1)
		v |= ~bytes_mask(in->size);
	uint32_t *p = guest_gpr(r, in->reg), m = bytes_mask(in->reg_size);
	*p = (*p & ~m) | (v & m);
}

void mmio_emulate(struct guest *g, uint32_t gpa)
{
	struct guest_regs *r = g->regs;
	uint8_t b[MMIO_INSN_MAX];
	uint32_t n = 0;
	struct mmio_insn in;
	const char *why;

	/* As many bytes as are readable: the instruction may end just
	 * before an unmapped page. */
	while (n < MMIO_INSN_MAX && guest_virt_read(g, r->eip + n, &b[n], 1))
		n++;
	why = mmio_decode(b, n, &in);
	if (why) {
		char bytes[3 * 8 + 1] = "none";
		int len = 0;
		for (uint32_t k = 0; k < n && k < 8; k++)
			len += fmt_snprintf(bytes + len, sizeof(bytes) - len, "%s%02x", k ? " " : "",
					    b[k]);
		guest_kill(g, "cannot emulate MMIO instruction at %#x touching %#x: %s (bytes %s)",
			   r->eip, gpa, why, bytes);
		return;
	}
	if ((gpa & (PAGE_SIZE - 1)) + in.size > PAGE_SIZE) {
		guest_kill(g, "MMIO access of %u bytes at %#x crosses a page", in.size, gpa);
		return;
	}
	if (in.write)
		pci_mmio_write(g, gpa, in.size, source(r, &in));
	else
		destination(r, &in, pci_mmio_read(g, gpa, in.size));
	if (guest_alive(g))
		r->eip += in.len;
}
