// SPDX-License-Identifier: GPL-2.0-only
/*
 * Descriptor tables.  The CPU uses the copies in the guest's read-only
 * switcher page; the guest only ever asks, through hypercalls, and we
 * store what is safe:
 *  - GDT: entries 10 and 11 (our ring-0 code and data), 16 (the TSS) and
 *    31 are ours and guest writes to them are ignored; any other entry
 *    with DPL 0 gets DPL 1, every entry is marked accessed (the CPU could
 *    not set the bit itself: the page is read-only), and system
 *    descriptors (gates, TSSes, LDTs) are refused outright, which is
 *    stricter than the original lguest.
 *  - IDT: only interrupt and trap gates; the selector is forced to the
 *    guest's kernel code segment.  The real gate is either the guest's own
 *    (a direct trap: a trap gate for an exception we never need to see, or
 *    the system-call vector) or a stub into the switcher.
 */
#include "hv/descriptors.h"
#include "mm/guest_mem.h"
#include "lib/string.h"

#define DESC_P 0x8000u
#define DESC_S 0x1000u
#define DESC_DPL_MASK 0x6000u
#define DESC_ACCESSED 0x100u
#define TYPE_INT_GATE 0xE
#define TYPE_TRAP_GATE 0xF

static bool host_entry(uint32_t i)
{
	return i == GDT_ENTRY_LGUEST_CS || i == GDT_ENTRY_LGUEST_DS ||
	       i == GDT_ENTRY_TSS || i == GDT_ENTRY_DOUBLEFAULT_TSS;
}

/* Our entries in the guest's real GDT. */
static void write_host_entries(struct guest *g)
{
	struct desc *gdt = g->ro->gdt;

	gdt[GDT_ENTRY_LGUEST_CS] = desc_make(0, 0xFFFFF, 0x9B, 0xC);	/* ring 0 code, accessed */
	gdt[GDT_ENTRY_LGUEST_DS] = desc_make(0, 0xFFFFF, 0x93, 0xC);	/* ring 0 data, accessed */
	gdt[GDT_ENTRY_TSS] = desc_make(SW_RO_PAGE + RO_TSS, sizeof(struct tss) - 1, 0x89, 0);
	gdt[GDT_ENTRY_DOUBLEFAULT_TSS] = (struct desc){ 0, 0 };
}

bool desc_direct_vector(const struct guest *g, uint32_t v)
{
	if (v == 0x80)
		return true;	/* the system-call vector (checked at INIT) */
	if (v >= 32 || v == 7 || v == 13 || v == 14 || v == 2 || v == 8 || v == 15)
		return false;
	if (v == 6 && g->gen->vmcall_is_hypercall)
		return false;	/* we must see #UD to catch vmcall */
	return true;
}

/* The real gate for a vector, from the guest's gate (if any). */
static struct desc real_gate(const struct guest *g, uint32_t v)
{
	struct desc guest = g->idt[v];
	uint32_t dpl = v == LGUEST_TRAP_ENTRY ? 1 : 0;
	uint32_t stub = switcher_stub((int)v);

	if (gate_present(guest) && desc_direct_vector(g, v)) {
		if (gate_type(guest) == TYPE_TRAP_GATE)
			return guest;	/* straight into the guest */
		dpl = gate_dpl(guest);	/* through us, but as reachable */
	}
	return (struct desc){
		(stub & 0xFFFF) | ((uint32_t)SEL_HV_CS << 16),
		(stub & 0xFFFF0000) | DESC_P | (dpl << 13) | ((uint32_t)TYPE_INT_GATE << 8),
	};
}

void desc_init_guest(struct guest *g)
{
	memset(g->gdt, 0, sizeof(g->gdt));
	memset(g->idt, 0, sizeof(g->idt));
	g->gdt[GDT_ENTRY_KERNEL_CS] = desc_make(0, 0xFFFFF, 0xBB, 0xC);	/* DPL 1 code */
	g->gdt[GDT_ENTRY_KERNEL_DS] = desc_make(0, 0xFFFFF, 0xB3, 0xC);	/* DPL 1 data */
	memcpy(g->ro->gdt, g->gdt, sizeof(g->gdt));
	write_host_entries(g);
	for (uint32_t v = 0; v < 256; v++)
		g->ro->idt[v] = real_gate(g, v);
}

static void set_gdt_entry(struct guest *g, uint32_t i, struct desc d)
{
	if (host_entry(i))
		return;
	if (d.hi & DESC_P) {
		if (!(d.hi & DESC_S)) {
			guest_kill(g, "GDT entry %u is a system descriptor (%08x %08x)", i, d.hi, d.lo);
			return;
		}
		if ((d.hi & DESC_DPL_MASK) == 0)
			d.hi |= 1u << 13;
		d.hi |= DESC_ACCESSED;
	}
	if (g->gdt[i].lo == d.lo && g->gdt[i].hi == d.hi)
		return;	/* LOAD_TLS on every context switch often changes nothing */
	g->gdt[i] = d;
	g->ro->gdt[i] = d;
	g->gdt_changed = true;
}

void desc_load_gdt_entry(struct guest *g, uint32_t index, uint32_t lo, uint32_t hi)
{
	if (index >= GDT_ENTRIES) {
		guest_kill(g, "LOAD_GDT_ENTRY with index %u (at most %u)", index, GDT_ENTRIES - 1);
		return;
	}
	set_gdt_entry(g, index, (struct desc){ lo, hi });
}

void desc_load_tls(struct guest *g, uint32_t gpa)
{
	struct desc tls[GDT_ENTRY_TLS_ENTRIES];

	if (!guest_read(g, gpa, tls, sizeof(tls))) {
		guest_kill(g, "LOAD_TLS from %#x outside its memory", gpa);
		return;
	}
	for (uint32_t i = 0; i < GDT_ENTRY_TLS_ENTRIES && guest_alive(g); i++)
		set_gdt_entry(g, GDT_ENTRY_TLS_MIN + i, tls[i]);
}

void desc_load_idt_entry(struct guest *g, uint32_t v, uint32_t lo, uint32_t hi)
{
	struct desc d = { lo, hi };

	if (v >= 256) {
		guest_kill(g, "LOAD_IDT_ENTRY for vector %u", v);
		return;
	}
	/* NMI, double fault, the reserved 15 and our hypercall vector stay ours. */
	if (v == 2 || v == 8 || v == 15 || v == LGUEST_TRAP_ENTRY)
		return;
	if (!gate_present(d)) {
		g->idt[v] = (struct desc){ 0, 0 };
	} else {
		if (gate_type(d) != TYPE_INT_GATE && gate_type(d) != TYPE_TRAP_GATE) {
			guest_kill(g, "LOAD_IDT_ENTRY %u: type %#x is not an interrupt or trap gate",
				   v, gate_type(d));
			return;
		}
		g->idt[v].lo = (lo & 0xFFFF) | ((uint32_t)GUEST_KERNEL_CS << 16);
		g->idt[v].hi = hi & 0xFFFFEF00u;
	}
	g->ro->idt[v] = real_gate(g, v);
}

/* A selector the switcher may load into a data segment register at ring
 * 0 and that survives the iret: null, or a present readable segment of
 * the GDT no more privileged than its RPL. */
static bool data_selector_ok(const struct guest *g, uint32_t sel)
{
	uint32_t i = (sel & 0xFFFF) >> 3, hi;

	if ((sel & 0xFFFC) == 0)
		return true;
	if ((sel & 4) || i >= GDT_ENTRIES || sel > 0xFFFF)
		return false;
	hi = g->ro->gdt[i].hi;
	if (!(hi & DESC_P) || !(hi & DESC_S))
		return false;
	if ((hi & 0x800) && !(hi & 0x200))
		return false;	/* execute-only code */
	return ((hi >> 13) & 3) >= (sel & 3);
}

static bool stack_code_ok(const struct guest *g, uint32_t cs, uint32_t ss)
{
	uint32_t rpl = cs & 3, chi, shi;

	if ((rpl != 1 && rpl != 3) || (cs & 4) || (cs >> 3) >= GDT_ENTRIES || cs > 0xFFFF)
		return false;
	if ((ss & 3) != rpl || (ss & 4) || (ss >> 3) >= GDT_ENTRIES || ss > 0xFFFF)
		return false;
	chi = g->ro->gdt[cs >> 3].hi;
	shi = g->ro->gdt[ss >> 3].hi;
	if ((chi & (DESC_P | DESC_S | 0x800)) != (DESC_P | DESC_S | 0x800))
		return false;	/* present code */
	if (!(chi & 0x400) && ((chi >> 13) & 3) != rpl)
		return false;	/* non-conforming code must match the ring */
	if ((shi & (DESC_P | DESC_S | 0x800 | 0x200)) != (DESC_P | DESC_S | 0x200))
		return false;	/* present writable data */
	return ((shi >> 13) & 3) == rpl;
}

bool desc_prepare_entry(struct guest *g)
{
	struct guest_regs *r = g->regs;

	g->ro->gdt[GDT_ENTRY_TSS].hi &= ~0x200u;	/* not busy */
	/* A CPU pushing a selector as a dword may leave junk above bit 15. */
	r->cs &= 0xFFFF;
	r->ss &= 0xFFFF;
	r->ds &= 0xFFFF;
	r->es &= 0xFFFF;
	r->fs &= 0xFFFF;
	r->gs &= 0xFFFF;
	/* Same selectors as last time and the same GDT: still valid. */
	const uint32_t *c = g->checked_sel;
	if (!g->gdt_changed && r->cs == c[0] && r->ss == c[1] && r->ds == c[2] &&
	    r->es == c[3] && r->fs == c[4] && r->gs == c[5])
		return true;
	if (!stack_code_ok(g, r->cs, r->ss)) {
		guest_kill(g, "cannot return to cs %#x ss %#x: not valid in its GDT", r->cs, r->ss);
		return false;
	}
	/* Bad data selectors are zeroed, as a CPU's iret would for outer rings. */
	if (!data_selector_ok(g, r->ds)) r->ds = 0;
	if (!data_selector_ok(g, r->es)) r->es = 0;
	if (!data_selector_ok(g, r->fs)) r->fs = 0;
	if (!data_selector_ok(g, r->gs)) r->gs = 0;
	g->checked_sel[0] = r->cs;
	g->checked_sel[1] = r->ss;
	g->checked_sel[2] = r->ds;
	g->checked_sel[3] = r->es;
	g->checked_sel[4] = r->fs;
	g->checked_sel[5] = r->gs;
	g->gdt_changed = false;
	return true;
}
