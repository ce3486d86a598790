/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rules a guest's descriptors must follow, apart from any guest: what
 * becomes of a GDT entry or an IDT gate it asks for, and which selectors
 * it may be resumed with.  Plain functions of plain values, so the unit
 * tests and the fuzzer can run them on the host; hv/descriptors.c applies
 * them to a guest and kills it when they refuse.
 */
#ifndef HV_DESC_RULES_H
#define HV_DESC_RULES_H

#include <stdint.h>
#include <stdbool.h>
#include "cpu/segments.h"
#include "guest-abi/lguest.h"

#define DESC_P 0x8000u
#define DESC_S 0x1000u
#define DESC_DPL_MASK 0x6000u
#define DESC_CODE 0x800u		/* with S: code, else data */
#define DESC_READ_WRITE 0x200u		/* code: readable; data: writable */
#define DESC_ACCESSED 0x100u
#define TYPE_INT_GATE 0xE
#define TYPE_TRAP_GATE 0xF

static inline bool gate_present(struct desc d) { return d.hi & DESC_P; }
static inline uint32_t gate_offset(struct desc d) { return (d.lo & 0xFFFF) | (d.hi & 0xFFFF0000); }
static inline uint32_t gate_type(struct desc d) { return (d.hi >> 8) & 0xF; }
static inline uint32_t gate_dpl(struct desc d) { return (d.hi >> 13) & 3; }
static inline struct desc gate_with_type(struct desc d, uint32_t type)
{
	return (struct desc){ d.lo, (d.hi & ~(0xFu << 8)) | (type << 8) };
}

/* A segment's last valid offset, in bytes. */
static inline uint32_t desc_limit(struct desc d)
{
	uint32_t limit = (d.lo & 0xFFFF) | (d.hi & 0xF0000);

	return d.hi & 0x800000 ? limit << 12 | 0xFFF : limit;
}

/* What becomes of a descriptor the guest asks for. */
enum desc_verdict {
	DESC_STORE,		/* store it, as changed by the rule */
	DESC_IGNORE,		/* leave the table as it is */
	DESC_BAD_INDEX,		/* refused: no such GDT entry or vector */
	DESC_BAD_TYPE,		/* refused: a system descriptor, or not an int/trap gate */
};

/* GDT entries 10, 11, 16 and 31: ours, whatever the guest asks. */
bool desc_host_entry(uint32_t index);
/* A GDT entry: a present one must be a code or data segment; DPL 0
 * becomes DPL 1, and it is marked accessed.  *d is changed only for
 * DESC_STORE. */
enum desc_verdict gdt_entry_rule(uint32_t index, struct desc *d);
/* An IDT gate: vectors 2, 8, 15 and LGUEST_TRAP_ENTRY stay ours, a
 * present gate must be an interrupt or trap gate and gets the guest
 * kernel's code selector, a gate not present is stored as zero.  *d is
 * changed only for DESC_STORE. */
enum desc_verdict idt_gate_rule(uint32_t vector, struct desc *d);

/* A selector that may be loaded into a data segment register at ring 0
 * and survive the iret: null, or a present readable segment of gdt (of
 * GDT_ENTRIES) no more privileged than its RPL. */
bool data_selector_ok(const struct desc *gdt, uint32_t sel);
/* cs and ss an iret may return to: ring 1 or 3, present code and present
 * writable data of gdt, both of the DPL that ring asks for. */
bool stack_code_ok(const struct desc *gdt, uint32_t cs, uint32_t ss);
/* A selector the CPU may switch to for a trap from ring 3 (SET_STACK):
 * RPL 1, present writable data of gdt of DPL 1.  Anything else makes that
 * switch fault where the guest cannot take the fault. */
bool ring1_stack_ok(const struct desc *gdt, uint32_t ss);

#endif
