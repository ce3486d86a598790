// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a guest kernel's #GP can be that we answer instead of reflecting.
 * Port I/O: up to 3.19 lguest guests reserve every port and never mean to
 * reach hardware, but a probe can slip through, so we answer the way an
 * empty ISA bus would, with all ones, and drop writes (the exact ones
 * differ by generation: shared/LGUEST-ABI.md §4, 3.1 fixed the widths);
 * 4.x guests find their PCI devices through ports 0xCF8-0xCFF, which the
 * PCI bus answers.  And a few privileged reads old and new kernels make
 * natively (debug registers, cr4).
 */
#include "hv/emulate.h"
#include "hv/devices/pci_config.h"
#include "mm/guest_virt.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "lib/bytes.h"
#include "lib/string.h"

static bool fetch(struct guest *g, uint8_t *insn, uint32_t len)
{
	return guest_virt_read(g, g->regs->eip, insn, len);
}

uint32_t *guest_gpr(struct guest_regs *r, uint32_t index)
{
	switch (index & 7) {
	case 0: return &r->eax;
	case 1: return &r->ecx;
	case 2: return &r->edx;
	case 3: return &r->ebx;
	case 4: return &r->esp;
	case 5: return &r->ebp;
	case 6: return &r->esi;
	default: return &r->edi;
	}
}

/* mov to or from a debug register (0F 21 / 0F 23 with a register ModRM).
 * Guests before 3.18 use the native instructions, and an oops reads
 * them to print them: reflecting the #GP there makes the oops recurse
 * until the stack is gone.  We have no debug registers to offer, so
 * reads give 0 and writes are dropped, as 3.18+ guests do themselves. */
static bool emulate_debug_register(struct guest *g, const uint8_t *insn)
{
	if (insn[0] != 0x0F || (insn[1] != 0x21 && insn[1] != 0x23) || (insn[2] & 0xC0) != 0xC0)
		return false;
	if (insn[1] == 0x21)
		*guest_gpr(g->regs, insn[2]) = 0;
	g->regs->eip += 3;
	g->stats.gp_emulated++;
	return true;
}

/* mov %cr4, reg (0F 20 /r, reg field 4, a register operand): 4.4.y
 * stable kernels read cr4 natively in cr4_init_shadow, before they have
 * an IDT.  lguest's own read_cr4 answers 0, so this does too. */
static bool emulate_cr4_read(struct guest *g, const uint8_t *insn)
{
	if (!g->gen->emulate_cr4_read || insn[0] != 0x0F || insn[1] != 0x20 ||
	    (insn[2] & 0xF8) != 0xE0)
		return false;
	*guest_gpr(g->regs, insn[2]) = 0;
	g->regs->eip += 3;
	g->stats.gp_emulated++;
	return true;
}

/*
 * The keyboard controller's status port (0x64), read by a 3.x or 4.x
 * guest.  All ones there reads as "input buffer full", and Linux's i8042
 * driver then waits 0.5 s for each of the two commands it sends before it
 * even checks for a controller: a second of every boot (3.19's and 4.x's;
 * 3.0's and older ones give up on all ones at once, as their hosts gave).
 * Read as "output full, input empty" instead, its commands go at once and
 * its check (an output buffer that never drains) finds "no controller" in
 * under a millisecond: the same outcome, as on a machine without an 8042.
 */
#define KBC_STATUS_PORT 0x64
#define KBC_STATUS_ABSENT 0x01	/* OBF set, IBF clear */

/*
 * The 8042's "pulse the reset line" command (0xFE to port 0x64) restarts
 * the guest, as it restarts a PC.  Linux 2.6.24 has no restart hypercall:
 * its `reboot` ends there (then spins on int3), and so would a later
 * kernel rebooted with reboot=k.
 */
#define KBC_COMMAND_RESET 0xFE

/* An in or out that is the PCI bus's (4.x guests); false if not. */
static bool pci_port(struct guest *g, bool in, uint32_t port, uint32_t width)
{
	struct guest_regs *r = g->regs;
	uint32_t mask = bytes_mask(width), v;

	if (g->gen->transport != TRANSPORT_PCI)
		return false;
	if (!in)
		return pci_port_out(g, port, width, r->eax & mask);
	if (!pci_port_in(g, port, width, &v))
		return false;
	r->eax = (r->eax & ~mask) | (v & mask);
	return true;
}

bool emulate_gp(struct guest *g)
{
	struct guest_regs *r = g->regs;
	uint8_t insn[2];
	uint32_t len = 0, port = 0;
	bool opsize16 = false, in = false, byte = false, io = true;

	if (r->errcode != 0 || (r->cs & 3) != 1 || !fetch(g, insn, 1))
		return false;
	if (insn[0] == 0x0F) {
		uint8_t three[3];
		return fetch(g, three, 3) &&
		       (emulate_debug_register(g, three) || emulate_cr4_read(g, three));
	}
	if (insn[0] == 0x66) {
		opsize16 = true;
		len = 1;
		if (!guest_virt_read(g, r->eip + 1, insn, 2))
			return false;
	} else if (!guest_virt_read(g, r->eip, insn, 2)) {
		insn[1] = 0;	/* a one-byte instruction at the end of a page */
	}
	switch (insn[0]) {
	case 0xE4: in = true; byte = true; len += 2; port = insn[1]; break;	/* in al, imm8 */
	case 0xE5: in = true; len += 2; port = insn[1]; break;		/* in eax, imm8 */
	case 0xEC: in = true; byte = true; len += 1; port = r->edx & 0xFFFF; break; /* in al, dx */
	case 0xED: in = true; len += 1; port = r->edx & 0xFFFF; break;	/* in eax, dx */
	case 0xE6: byte = true; len += 2; port = insn[1]; break;		/* out imm8, al */
	case 0xE7: len += 2; port = insn[1]; break;			/* out imm8, eax */
	case 0xEE: byte = true; len += 1; port = r->edx & 0xFFFF; break;	/* out dx, al */
	case 0xEF: len += 1; port = r->edx & 0xFFFF; break;		/* out dx, eax */
	case 0xFA:						/* cli */
		if (!g->gen->skip_cli_in_gp || opsize16)
			return false;
		len = 1;
		io = false;
		break;
	default:
		return false;
	}
	if (io && pci_port(g, in, port, byte ? 1 : opsize16 ? 2 : 4)) {
		/* the bus answered */
	} else if (!in && byte && port == KBC_STATUS_PORT && (r->eax & 0xFF) == KBC_COMMAND_RESET) {
		g->restart_requested = true;
		guest_power_off(g, "reset through the keyboard controller");
		return true;
	} else if (in && byte && port == KBC_STATUS_PORT && g->gen->kbc_answers_absent) {
		r->eax = (r->eax & ~0xFFu) | KBC_STATUS_ABSENT;
	} else if (in) {
		if (g->gen->in_sets_all_ones_by_width) {
			if (byte)
				r->eax |= 0xFF;
			else if (opsize16)
				r->eax |= 0xFFFF;
			else
				r->eax = 0xFFFFFFFF;
		} else {
			/* What 2.6.x-3.0 hosts did, width quirks included. */
			if (!byte)
				r->eax = 0xFFFFFFFF;
			else
				r->eax |= opsize16 ? 0xFFFF0000 : 0xFFFF;
		}
	}
	r->eip += len;
	g->stats.gp_emulated++;
	return true;
}

bool is_vmcall(struct guest *g)
{
	uint8_t insn[3];

	return g->gen->vmcall_is_hypercall && (g->regs->cs & 3) == 1 && fetch(g, insn, 3) &&
	       insn[0] == 0x0F && insn[1] == 0x01 && insn[2] == 0xC1;
}

/*
 * A 2.6.31-2.6.33 kernel issues every hypercall with vmcall, and each one
 * is a #UD we decode.  Their hosts rewrote the site to `int $0x1f; nop`
 * on its first trap; after that the site enters through the DPL-1 gate of
 * vector 0x1f (ours whatever the guest loads: hv/desc_rules.c) and costs
 * an ordinary hypercall exit.  The two are the same to the guest: the
 * same registers, and eip lands after the nop where it lands after the
 * vmcall (the caller steps over all 3 bytes itself this once).
 *
 * Only a kernel-text site: cpl 1 and at or above PAGE_OFFSET (what the
 * guest reported as kernel_address), so bytes in a user page, which the
 * kernel may also map, are never touched.  Only the exact 3 bytes, read
 * again through the translation we write through, inside one page of
 * RAM (not the device pages above it).  We write guest-physical memory,
 * not through the guest's tables, so a read-only text mapping does not
 * stop us, as it did not stop the original host: it isolates nothing
 * from the guest, which can map any page of its RAM writable itself, so
 * the result is a state the guest could have made.  Its shadow tables
 * need nothing: they map the same frame.  Whenever a condition fails the
 * site is left alone and the vmcall handled as always.
 */
void patch_vmcall(struct guest *g)
{
	static const uint8_t vmcall[3] = { 0x0F, 0x01, 0xC1 };
	static const uint8_t int1f_nop[3] = { 0xCD, 0x1F, 0x90 };
	uint32_t eip = g->regs->eip, gpa;
	uint8_t insn[3];

	if (!g->gen->patch_vmcall || (g->regs->cs & 3) != 1 || eip < g->kernel_address ||
	    (eip & (PAGE_SIZE - 1)) > PAGE_SIZE - sizeof(insn))
		return;
	if (!guest_virt_to_phys(g, eip, false, &gpa) || gpa >= g->mem_size ||
	    g->mem_size - gpa < sizeof(insn))
		return;
	if (!guest_read(g, gpa, insn, sizeof(insn)) || memcmp(insn, vmcall, sizeof(insn)))
		return;
	if (guest_write(g, gpa, int1f_nop, sizeof(int1f_nop)))
		g->stats.vmcalls_patched++;
}
