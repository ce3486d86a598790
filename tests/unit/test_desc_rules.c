// SPDX-License-Identifier: GPL-2.0-only
/*
 * The descriptor rules a guest lives by: which GDT entries it may set and
 * how they are changed on the way in, which IDT gates it may install, and
 * which selectors it may be resumed with.  A mistake here is a guest
 * running at ring 0, or the hypervisor faulting on its own iret.
 * sources: hv/desc_rules.c
 */
#include <stdint.h>
#include "check.h"
#include "hv/desc_rules.h"

/* Flat 4 GiB segments: access byte 0x9A code or 0x92 data, DPL added. */
#define SEG_LO 0x0000FFFFu
#define SEG(access, dpl) (0x00CF0000u | (((access) | ((dpl) << 5)) << 8))
#define CODE(dpl) SEG(0x9A, dpl)
#define DATA(dpl) SEG(0x92, dpl)

static void gdt_dpl0_data_becomes_dpl1_accessed(void)
{
	struct desc d = { SEG_LO, DATA(0) };

	CHECK_EQ(gdt_entry_rule(GDT_ENTRY_TLS_MIN, &d), DESC_STORE);
	CHECK_EQ(d.lo, SEG_LO);
	CHECK_EQ(d.hi, DATA(1) | DESC_ACCESSED);
	d = (struct desc){ SEG_LO, CODE(3) };
	CHECK_EQ(gdt_entry_rule(14, &d), DESC_STORE);
	CHECK_EQ(d.hi, CODE(3) | DESC_ACCESSED);	/* DPL 3 stays */
}

static void gdt_not_present_stored_as_is(void)
{
	struct desc d = { 0x1234, 0x00000900 };	/* a TSS, but not present */

	CHECK_EQ(gdt_entry_rule(20, &d), DESC_STORE);
	CHECK_EQ(d.lo, 0x1234);
	CHECK_EQ(d.hi, 0x00000900);
}

static void gdt_system_descriptor_refused(void)
{
	struct desc tss = { 0x00000067, 0x00008900 };
	struct desc call_gate = { 0x00600000, 0x0000EC00 };

	CHECK_EQ(gdt_entry_rule(20, &tss), DESC_BAD_TYPE);
	CHECK_EQ(tss.hi, 0x00008900);	/* untouched, for the message */
	CHECK_EQ(gdt_entry_rule(GDT_ENTRY_KERNEL_CS, &call_gate), DESC_BAD_TYPE);
}

static void gdt_host_entries_ignored(void)
{
	const uint32_t host[] = { 10, 11, 16, 31 };

	for (unsigned i = 0; i < 4; i++) {
		struct desc d = { SEG_LO, CODE(1) };
		CHECK(desc_host_entry(host[i]));
		CHECK_EQ(gdt_entry_rule(host[i], &d), DESC_IGNORE);
		CHECK_EQ(d.hi, CODE(1));
	}
	CHECK(!desc_host_entry(12));
	CHECK(!desc_host_entry(30));
}

static void gdt_index_out_of_range(void)
{
	struct desc d = { SEG_LO, DATA(1) };

	CHECK_EQ(gdt_entry_rule(31, &d), DESC_IGNORE);
	CHECK_EQ(gdt_entry_rule(32, &d), DESC_BAD_INDEX);
	CHECK_EQ(gdt_entry_rule(0xFFFFFFFFu, &d), DESC_BAD_INDEX);
}

static void idt_selector_forced(void)
{
	/* An interrupt gate at 0xC0101234 naming our ring-0 selector 0x50. */
	struct desc d = { 0x00501234, 0xC0108E00 | 0x1F };

	CHECK_EQ(idt_gate_rule(0x20, &d), DESC_STORE);
	CHECK_EQ(d.lo, ((uint32_t)GUEST_KERNEL_CS << 16) | 0x1234);
	CHECK_EQ(d.hi, 0xC0108E00);	/* reserved low byte cleared */
	CHECK_EQ(gate_offset(d), 0xC0101234);
	d = (struct desc){ 0x00601000, 0xC010EF00 };	/* trap gate, DPL 3 */
	CHECK_EQ(idt_gate_rule(0x80, &d), DESC_STORE);
	CHECK_EQ(gate_type(d), TYPE_TRAP_GATE);
	CHECK_EQ(gate_dpl(d), 3);
	CHECK_EQ(d.lo >> 16, GUEST_KERNEL_CS);
}

static void idt_refusals(void)
{
	struct desc task_gate = { 0x00800000, 0x00008500 };
	struct desc call_gate = { 0x00601000, 0xC0108C00 };
	struct desc intr = { 0x00601000, 0xC0108E00 };

	CHECK_EQ(idt_gate_rule(3, &task_gate), DESC_BAD_TYPE);
	CHECK_EQ(task_gate.lo, 0x00800000);	/* untouched, for the message */
	CHECK_EQ(idt_gate_rule(3, &call_gate), DESC_BAD_TYPE);
	CHECK_EQ(idt_gate_rule(256, &intr), DESC_BAD_INDEX);
	CHECK_EQ(idt_gate_rule(0xFFFFFFFFu, &intr), DESC_BAD_INDEX);
}

static void idt_reserved_vectors_ignored(void)
{
	const uint32_t ours[] = { 2, 8, 15, LGUEST_TRAP_ENTRY };

	for (unsigned i = 0; i < 4; i++) {
		struct desc d = { 0x00601000, 0xC0108E00 };
		CHECK_EQ(idt_gate_rule(ours[i], &d), DESC_IGNORE);
	}
}

static void idt_not_present_cleared(void)
{
	struct desc d = { 0x12345678, 0x9ABC0500 };	/* P clear: any junk */

	CHECK_EQ(idt_gate_rule(14, &d), DESC_STORE);
	CHECK_EQ(d.lo, 0);
	CHECK_EQ(d.hi, 0);
}

/* A GDT as a guest would have it: Linux's kernel and user segments. */
static void linux_gdt(struct desc *gdt)
{
	memset(gdt, 0, GDT_ENTRIES * sizeof(*gdt));
	gdt[GDT_ENTRY_LGUEST_CS] = (struct desc){ SEG_LO, CODE(0) | DESC_ACCESSED };
	gdt[GDT_ENTRY_LGUEST_DS] = (struct desc){ SEG_LO, DATA(0) | DESC_ACCESSED };
	gdt[GDT_ENTRY_KERNEL_CS] = (struct desc){ SEG_LO, CODE(1) };
	gdt[GDT_ENTRY_KERNEL_DS] = (struct desc){ SEG_LO, DATA(1) };
	gdt[14] = (struct desc){ SEG_LO, CODE(3) };
	gdt[15] = (struct desc){ SEG_LO, DATA(3) };
	gdt[20] = (struct desc){ SEG_LO, SEG(0x98, 1) };	/* execute-only code */
}

static void stack_code_rings(void)
{
	struct desc gdt[GDT_ENTRIES];

	linux_gdt(gdt);
	CHECK(stack_code_ok(gdt, GUEST_KERNEL_CS, GUEST_KERNEL_DS));	/* ring 1 */
	CHECK(stack_code_ok(gdt, 0x73, 0x7B));				/* ring 3 */
	CHECK(!stack_code_ok(gdt, 0x60, 0x68));		/* ring 0 */
	CHECK(!stack_code_ok(gdt, 0x62, 0x6A));		/* ring 2 */
	CHECK(!stack_code_ok(gdt, 0x50 | 1, 0x58 | 1));	/* our DPL 0 entries */
	CHECK(!stack_code_ok(gdt, 0x10000 | GUEST_KERNEL_CS, GUEST_KERNEL_DS));
	CHECK(!stack_code_ok(gdt, GUEST_KERNEL_CS | 4, GUEST_KERNEL_DS));	/* LDT */
}

static void stack_code_mismatches(void)
{
	struct desc gdt[GDT_ENTRIES];

	linux_gdt(gdt);
	CHECK(!stack_code_ok(gdt, 0x63, 0x6B));		/* DPL 1 code, RPL 3 */
	CHECK(!stack_code_ok(gdt, 0x71, 0x79));		/* DPL 3 code, RPL 1 */
	CHECK(!stack_code_ok(gdt, GUEST_KERNEL_CS, 0x7B));	/* ss RPL 3, cs RPL 1 */
	CHECK(!stack_code_ok(gdt, 0x73, 0x6B));		/* ss DPL 1 at ring 3 */
	CHECK(!stack_code_ok(gdt, GUEST_KERNEL_DS, GUEST_KERNEL_DS));	/* data as cs */
	CHECK(!stack_code_ok(gdt, GUEST_KERNEL_CS, GUEST_KERNEL_CS));	/* code as ss */
	gdt[GDT_ENTRY_KERNEL_DS].hi &= ~DESC_P;
	CHECK(!stack_code_ok(gdt, GUEST_KERNEL_CS, GUEST_KERNEL_DS));
}

/* Found by fuzz_desc: iret to conforming code whose DPL is above the
 * RPL faults at ring 0, so conforming code must match the ring too. */
static void stack_code_conforming(void)
{
	struct desc gdt[GDT_ENTRIES];

	linux_gdt(gdt);
	gdt[20] = (struct desc){ SEG_LO, SEG(0x9E, 3) };	/* conforming, DPL 3 */
	gdt[21] = (struct desc){ SEG_LO, SEG(0x9E, 1) };	/* conforming, DPL 1 */
	CHECK(!stack_code_ok(gdt, (20 << 3) | 1, GUEST_KERNEL_DS));
	CHECK(!stack_code_ok(gdt, (21 << 3) | 3, 0x7B));
	CHECK(stack_code_ok(gdt, (20 << 3) | 3, 0x7B));
	CHECK(stack_code_ok(gdt, (21 << 3) | 1, GUEST_KERNEL_DS));
}

static void data_selectors(void)
{
	struct desc gdt[GDT_ENTRIES];

	linux_gdt(gdt);
	CHECK(data_selector_ok(gdt, 0));
	CHECK(data_selector_ok(gdt, 3));		/* null with an RPL */
	CHECK(data_selector_ok(gdt, 0x7B));
	CHECK(data_selector_ok(gdt, GUEST_KERNEL_DS));
	CHECK(data_selector_ok(gdt, GUEST_KERNEL_CS));	/* readable code */
	CHECK(!data_selector_ok(gdt, 0x6B));		/* RPL 3 above DPL 1 */
	CHECK(!data_selector_ok(gdt, (20 << 3) | 1));	/* execute-only */
	CHECK(!data_selector_ok(gdt, (GDT_ENTRY_TSS << 3)));	/* empty here */
	CHECK(!data_selector_ok(gdt, GUEST_KERNEL_DS | 4));	/* LDT */
	CHECK(!data_selector_ok(gdt, 0x10000 | GUEST_KERNEL_DS));
}

/* SET_STACK's segment, loaded by the CPU on every trap from ring 3. */
static void ring1_stacks(void)
{
	struct desc gdt[GDT_ENTRIES];

	linux_gdt(gdt);
	CHECK(ring1_stack_ok(gdt, GUEST_KERNEL_DS));
	CHECK(!ring1_stack_ok(gdt, GUEST_KERNEL_CS));		/* code */
	CHECK(!ring1_stack_ok(gdt, 1));				/* null */
	CHECK(!ring1_stack_ok(gdt, (40 << 3) | 1));		/* past the GDT */
	CHECK(!ring1_stack_ok(gdt, 0x7B));			/* ring 3 */
	CHECK(!ring1_stack_ok(gdt, 0x79));			/* DPL 3 data, RPL 1 */
	CHECK(!ring1_stack_ok(gdt, 0x58 | 1));			/* our DPL 0 data */
	CHECK(!ring1_stack_ok(gdt, GUEST_KERNEL_DS | 4));	/* LDT */
	CHECK(!ring1_stack_ok(gdt, 0x10000 | GUEST_KERNEL_DS));
	gdt[GDT_ENTRY_KERNEL_DS].hi &= ~DESC_READ_WRITE;	/* read-only data */
	CHECK(!ring1_stack_ok(gdt, GUEST_KERNEL_DS));
	gdt[GDT_ENTRY_KERNEL_DS].hi |= DESC_READ_WRITE;
	gdt[GDT_ENTRY_KERNEL_DS].hi &= ~DESC_P;
	CHECK(!ring1_stack_ok(gdt, GUEST_KERNEL_DS));
}

int main(void)
{
	RUN(gdt_dpl0_data_becomes_dpl1_accessed);
	RUN(gdt_not_present_stored_as_is);
	RUN(gdt_system_descriptor_refused);
	RUN(gdt_host_entries_ignored);
	RUN(gdt_index_out_of_range);
	RUN(idt_selector_forced);
	RUN(idt_refusals);
	RUN(idt_reserved_vectors_ignored);
	RUN(idt_not_present_cleared);
	RUN(stack_code_rings);
	RUN(stack_code_mismatches);
	RUN(stack_code_conforming);
	RUN(data_selectors);
	RUN(ring1_stacks);
	return 0;
}
