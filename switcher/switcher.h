/* SPDX-License-Identifier: GPL-2.0-only */
/* Running a guest: the pages the switcher uses and the call into it. */
#ifndef SWITCHER_SWITCHER_H
#define SWITCHER_SWITCHER_H

#include <stdint.h>
#include <stddef.h>
#include "switcher/layout.h"
#include "cpu/segments.h"

/* The guest's registers as the switcher saves them (lowest address first:
 * the switcher pushes the segment and general registers after the CPU has
 * pushed the trap frame). */
struct guest_regs {
	uint32_t gs, fs, ds, es;
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	uint32_t trapnum, errcode;
	uint32_t eip, cs, eflags, esp, ss;
};
_Static_assert(sizeof(struct guest_regs) == GUEST_REGS_SIZE, "guest_regs size");

/* The guest's read-only page: what the CPU uses while the guest runs. */
struct switcher_ro {
	uint32_t host_cr3;
	uint32_t host_sp;
	uint16_t pad0, host_gdt_limit;
	uint32_t host_gdt_base;
	uint16_t pad1, host_idt_limit;
	uint32_t host_idt_base;
	uint16_t pad2, guest_gdt_limit;
	uint32_t guest_gdt_base;
	uint16_t pad3, guest_idt_limit;
	uint32_t guest_idt_base;
	uint32_t guest_cr3;
	uint8_t pad4[RO_TSS - 44];
	struct tss tss;
	uint8_t pad5[RO_GDT - RO_TSS - sizeof(struct tss)];
	struct desc gdt[GDT_ENTRIES];
	struct desc idt[256];
};
_Static_assert(offsetof(struct switcher_ro, host_sp) == RO_HOST_SP, "ro layout");
_Static_assert(offsetof(struct switcher_ro, host_gdt_limit) == RO_HOST_GDT, "ro layout");
_Static_assert(offsetof(struct switcher_ro, host_idt_limit) == RO_HOST_IDT, "ro layout");
_Static_assert(offsetof(struct switcher_ro, guest_gdt_limit) == RO_GUEST_GDT, "ro layout");
_Static_assert(offsetof(struct switcher_ro, guest_idt_limit) == RO_GUEST_IDT, "ro layout");
_Static_assert(offsetof(struct switcher_ro, guest_cr3) == RO_GUEST_CR3, "ro layout");
_Static_assert(offsetof(struct switcher_ro, tss) == RO_TSS, "ro layout");
_Static_assert(offsetof(struct switcher_ro, gdt) == RO_GDT, "ro layout");
_Static_assert(offsetof(struct switcher_ro, idt) == RO_IDT, "ro layout");
_Static_assert(sizeof(struct switcher_ro) <= 4096, "ro page");

/* Maps the switcher code at SW_BASE in the hypervisor's table and in
 * every CPU's table for guests. */
void switcher_init(void);
/* The address of a CPU's slot: its register page, then its read-only page. */
uint32_t switcher_slot(unsigned cpu);
/* Makes these the register and read-only pages in the CPU's slot. */
void switcher_map_guest_pages(unsigned cpu, uint32_t regs_pa, uint32_t ro_pa);
/* The PDE a shadow page directory of a guest on this CPU puts in its
 * last slot. */
uint32_t switcher_guest_pde(unsigned cpu);
/* Fills the parts of a read-only page that never change. */
void switcher_ro_init(struct switcher_ro *ro);
/* Fills the parts that depend on the CPU the guest runs on (its slot and
 * the CPU's own GDT): called on that CPU before the guest first runs there. */
void switcher_ro_place(struct switcher_ro *ro, unsigned cpu);
/* The address of the switcher stub for a vector (for guest IDT gates). */
uint32_t switcher_stub(int vector);
/* Runs the guest mapped in the CPU's slot until it traps; its state is
 * then in its regs.  Called on that CPU. */
void switcher_run(unsigned cpu);

#endif
