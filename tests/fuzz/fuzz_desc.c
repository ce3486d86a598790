// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the descriptor rules, with the guest asking for anything.
 * The input is a sequence of 11-byte records (op, index:16, lo:32,
 * hi:32, little-endian), at most 256 of them: longer runs reach no new
 * state and only slow the fuzzer.  op picks one of: load GDT entry index,
 * load IDT gate index, resume with cs = lo and ss = hi, load lo as a data
 * selector.  The tables start as a guest's do, and the invariants that
 * keep the guest out of ring 0 must hold after every record (for the
 * entry it touched) and at the end (for all), or we abort:
 *  - every present GDT entry is a code or data segment of DPL 1 or more,
 *    and our entries (10, 11, 16, 31) never change;
 *  - every present IDT gate is an interrupt or trap gate into the guest
 *    kernel's code segment, and vectors 2, 8, 15 and 0x1F stay empty;
 *  - a cs/ss pair accepted for the iret names present code and writable
 *    data whose DPL is the RPL, 1 or 3;
 *  - an accepted data selector is null or names a present readable
 *    segment no more privileged than its RPL.
 * sources: hv/desc_rules.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hv/desc_rules.h"

#define FLAT_LO 0x0000FFFFu
#define RECORD 11
#define MAX_RECORDS 256

static struct desc gdt[GDT_ENTRIES], host[GDT_ENTRIES], idt[256];

static uint32_t dpl(uint32_t hi) { return (hi >> 13) & 3; }

static void check(int ok)
{
	if (!ok)
		abort();
}

/* As desc_init_guest leaves them, our entries in their real shape. */
static void reset_tables(void)
{
	memset(gdt, 0, sizeof(gdt));
	memset(idt, 0, sizeof(idt));
	gdt[GDT_ENTRY_LGUEST_CS] = (struct desc){ FLAT_LO, 0x00CF9B00 };
	gdt[GDT_ENTRY_LGUEST_DS] = (struct desc){ FLAT_LO, 0x00CF9300 };
	gdt[GDT_ENTRY_TSS] = (struct desc){ 0x30400067, 0xFF0089C0 };
	gdt[GDT_ENTRY_KERNEL_CS] = (struct desc){ FLAT_LO, 0x00CFBB00 };
	gdt[GDT_ENTRY_KERNEL_DS] = (struct desc){ FLAT_LO, 0x00CFB300 };
	memcpy(host, gdt, sizeof(gdt));
}

static void check_gdt_entry(uint32_t i)
{
	uint32_t hi = gdt[i].hi;

	if (desc_host_entry(i))
		check(!memcmp(&gdt[i], &host[i], sizeof(gdt[i])));
	else if (hi & DESC_P)
		check((hi & DESC_S) && dpl(hi) >= 1 && (hi & DESC_ACCESSED));
}

static void check_idt_gate(uint32_t v)
{
	struct desc d = idt[v];

	if (gate_present(d) && v != 2 && v != 8 && v != 15 && v != LGUEST_TRAP_ENTRY)
		check((gate_type(d) == TYPE_INT_GATE || gate_type(d) == TYPE_TRAP_GATE) &&
		      !(d.hi & DESC_S) && d.lo >> 16 == GUEST_KERNEL_CS);
	else
		check(!d.lo && !d.hi);
}

static void check_stack_code(uint32_t cs, uint32_t ss)
{
	uint32_t rpl = cs & 3, chi, shi;

	if (!stack_code_ok(gdt, cs, ss))
		return;
	check((rpl == 1 || rpl == 3) && (ss & 3) == rpl && cs <= 0xFFFF && ss <= 0xFFFF);
	check(!(cs & 4) && !(ss & 4));
	chi = gdt[cs >> 3].hi;
	shi = gdt[ss >> 3].hi;
	check((chi & (DESC_P | DESC_S | DESC_CODE)) == (DESC_P | DESC_S | DESC_CODE));
	check(dpl(chi) == rpl);
	check((shi & (DESC_P | DESC_S | DESC_CODE | DESC_READ_WRITE)) ==
	      (DESC_P | DESC_S | DESC_READ_WRITE));
	check(dpl(shi) == rpl);
}

static void check_data_selector(uint32_t sel)
{
	uint32_t hi;

	if (!data_selector_ok(gdt, sel) || (sel & 0xFFFC) == 0)
		return;
	check(sel <= 0xFFFF && !(sel & 4));
	hi = gdt[sel >> 3].hi;
	check((hi & DESC_P) && (hi & DESC_S));
	check(!(hi & DESC_CODE) || (hi & DESC_READ_WRITE));
	check(dpl(hi) >= (sel & 3));
}

static uint32_t le(const uint8_t *p, int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_RECORDS * RECORD)
		size = MAX_RECORDS * RECORD;
	reset_tables();
	for (; size >= RECORD; data += RECORD, size -= RECORD) {
		uint32_t index = le(data + 1, 2), lo = le(data + 3, 4), hi = le(data + 7, 4);
		struct desc d = { lo, hi };

		switch (data[0] % 4) {
		case 0:
			if (gdt_entry_rule(index, &d) == DESC_STORE)
				gdt[index] = d;
			else
				check(d.lo == lo && d.hi == hi);	/* as the kill message shows */
			if (index < GDT_ENTRIES)
				check_gdt_entry(index);
			break;
		case 1:
			if (idt_gate_rule(index, &d) == DESC_STORE)
				idt[index] = d;
			else
				check(d.lo == lo && d.hi == hi);
			if (index < 256)
				check_idt_gate(index);
			break;
		case 2:
			check_stack_code(lo, hi);
			break;
		case 3:
			check_data_selector(lo);
			break;
		}
	}
	/* Nothing else changed on the way. */
	for (uint32_t i = 0; i < GDT_ENTRIES; i++)
		check_gdt_entry(i);
	for (uint32_t v = 0; v < 256; v++)
		check_idt_gate(v);
	return 0;
}
