// SPDX-License-Identifier: GPL-2.0-only
/*
 * The descriptor rules themselves (see desc_rules.h): what a guest may put
 * in its GDT and IDT, and which selectors it may be resumed with.  Kept
 * apart from struct guest so the host can test and fuzz them.
 */
#include "hv/desc_rules.h"

bool desc_host_entry(uint32_t i)
{
	return i == GDT_ENTRY_LGUEST_CS || i == GDT_ENTRY_LGUEST_DS ||
	       i == GDT_ENTRY_TSS || i == GDT_ENTRY_DOUBLEFAULT_TSS;
}

/* Gates, TSSes and LDTs (system descriptors) are refused outright, which
 * is stricter than the original lguest.  The accessed bit is ours to set:
 * the CPU cannot, as the real GDT is read-only to it. */
enum desc_verdict gdt_entry_rule(uint32_t index, struct desc *d)
{
	uint32_t hi = d->hi;

	if (index >= GDT_ENTRIES)
		return DESC_BAD_INDEX;
	if (desc_host_entry(index))
		return DESC_IGNORE;
	if (hi & DESC_P) {
		if (!(hi & DESC_S))
			return DESC_BAD_TYPE;
		if ((hi & DESC_DPL_MASK) == 0)
			hi |= 1u << 13;
		d->hi = hi | DESC_ACCESSED;
	}
	return DESC_STORE;
}

enum desc_verdict idt_gate_rule(uint32_t v, struct desc *d)
{
	if (v >= 256)
		return DESC_BAD_INDEX;
	/* NMI, double fault, the reserved 15 and our hypercall vector stay ours. */
	if (v == 2 || v == 8 || v == 15 || v == LGUEST_TRAP_ENTRY)
		return DESC_IGNORE;
	if (!gate_present(*d)) {
		*d = (struct desc){ 0, 0 };
		return DESC_STORE;
	}
	if (gate_type(*d) != TYPE_INT_GATE && gate_type(*d) != TYPE_TRAP_GATE)
		return DESC_BAD_TYPE;
	d->lo = (d->lo & 0xFFFF) | ((uint32_t)GUEST_KERNEL_CS << 16);
	d->hi &= 0xFFFFEF00u;
	return DESC_STORE;
}

bool data_selector_ok(const struct desc *gdt, uint32_t sel)
{
	uint32_t i = (sel & 0xFFFF) >> 3, hi;

	if ((sel & 0xFFFC) == 0)
		return true;
	if ((sel & 4) || i >= GDT_ENTRIES || sel > 0xFFFF)
		return false;
	hi = gdt[i].hi;
	if (!(hi & DESC_P) || !(hi & DESC_S))
		return false;
	if ((hi & DESC_CODE) && !(hi & DESC_READ_WRITE))
		return false;	/* execute-only code */
	return ((hi >> 13) & 3) >= (sel & 3);
}

bool ring1_stack_ok(const struct desc *gdt, uint32_t ss)
{
	uint32_t hi;

	if ((ss & 3) != 1 || (ss & 4) || ss > 0xFFFF || (ss >> 3) >= GDT_ENTRIES)
		return false;
	hi = gdt[ss >> 3].hi;
	if ((hi & (DESC_P | DESC_S | DESC_CODE | DESC_READ_WRITE)) != (DESC_P | DESC_S | DESC_READ_WRITE))
		return false;
	return ((hi >> 13) & 3) == 1;
}

bool stack_code_ok(const struct desc *gdt, uint32_t cs, uint32_t ss)
{
	uint32_t rpl = cs & 3, chi, shi;

	/* An index below GDT_ENTRIES also rules out junk above bit 15. */
	if ((rpl != 1 && rpl != 3) || (cs & 4) || (cs >> 3) >= GDT_ENTRIES)
		return false;
	if ((ss & 3) != rpl || (ss & 4) || (ss >> 3) >= GDT_ENTRIES)
		return false;
	chi = gdt[cs >> 3].hi;
	shi = gdt[ss >> 3].hi;
	if ((chi & (DESC_P | DESC_S | DESC_CODE)) != (DESC_P | DESC_S | DESC_CODE))
		return false;	/* present code */
	/* Of the ring's DPL, conforming or not: iret to conforming code of a
	 * DPL above the RPL would #GP in the switcher, at ring 0. */
	if (((chi >> 13) & 3) != rpl)
		return false;
	if ((shi & (DESC_P | DESC_S | DESC_CODE | DESC_READ_WRITE)) != (DESC_P | DESC_S | DESC_READ_WRITE))
		return false;	/* present writable data */
	return ((shi >> 13) & 3) == rpl;
}
