/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The switcher's 4 MiB at the top of every address space:
 *
 *   0xFFC00000  two pages of switcher code (read-only to guests)
 *   0xFFC02000  CPU 0's slot: the register page of the guest it runs
 *               (writable: the CPU pushes the guest's state here when it
 *               traps), then that guest's read-only page: the GDT, IDT and
 *               TSS the CPU uses while the guest runs, and the host state
 *               the switcher needs to come back
 *   0xFFC04000  CPU 1's slot, and so on, SW_SLOT_SIZE apart
 *
 * Each CPU has a slot of its own, so that two CPUs can be inside guests at
 * the same moment.  A slot holds only the pages of the guest its CPU runs
 * now; switching guests remaps them.  The hypervisor's table maps every
 * slot, a guest's only the slot of the CPU it runs on.  The switcher finds
 * its slot from the stack (a trap lands on the slot's register page) or
 * from the caller (on the way in).
 *
 * switcher/world_switch.asm reads these same definitions (the Makefile
 * turns them into NASM equates); switcher.h checks the C structs against
 * them at compile time.
 */
#ifndef SWITCHER_LAYOUT_H
#define SWITCHER_LAYOUT_H

#define SW_BASE 0xFFC00000
#define SW_SLOT0 0xFFC02000
#define SW_SLOT_SIZE 0x2000
#define SW_RO_OFFSET 0x1000	/* the read-only page, after the register page */
#define SW_MAX_CPUS 8

/* struct guest_regs sits at the very end of the register page, so the
 * CPU's ring-0 stack (TSS esp0 = the end of the page) pushes the trap
 * frame exactly into its last five fields. */
#define GUEST_REGS_SIZE 76
#define SW_REGS_OFFSET (4096 - GUEST_REGS_SIZE)

/* struct switcher_ro offsets */
#define RO_HOST_CR3 0
#define RO_HOST_SP 4
#define RO_HOST_GDT 10	/* 6-byte descriptor: limit at 10, base at 12 */
#define RO_HOST_IDT 18
#define RO_GUEST_GDT 26
#define RO_GUEST_IDT 34
#define RO_GUEST_CR3 40
#define RO_TSS 64
#define RO_GDT 256
#define RO_IDT 512

#endif
