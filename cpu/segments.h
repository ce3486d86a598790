/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's GDT layout.  We use the slots an lguest guest's own GDT
 * leaves to its host (10 and 11 for code and data, 16 for the TSS, 31 for
 * the double-fault TSS), so the world switch can keep the hypervisor's
 * selectors valid on both sides without reloading CS.
 */
#ifndef CPU_SEGMENTS_H
#define CPU_SEGMENTS_H

#define GDT_ENTRIES 32
#define GDT_HV_CS 10
#define GDT_HV_DS 11
#define GDT_HV_TSS 16
#define GDT_DF_TSS 31

#define SEL_HV_CS (GDT_HV_CS << 3)	/* 0x50 */
#define SEL_HV_DS (GDT_HV_DS << 3)	/* 0x58 */
#define SEL_HV_TSS (GDT_HV_TSS << 3)	/* 0x80 */
#define SEL_DF_TSS (GDT_DF_TSS << 3)	/* 0xF8 */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The 32-bit hardware task-state segment. */
struct tss {
	uint16_t back_link, _r0;
	uint32_t esp0;
	uint16_t ss0, _r1;
	uint32_t esp1;
	uint16_t ss1, _r2;
	uint32_t esp2;
	uint16_t ss2, _r3;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9;
	uint16_t ldt, _r10;
	uint16_t trap, io_bitmap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes");

/* A segment descriptor as two dwords: (limit, base, type/flags). */
struct desc {
	uint32_t lo, hi;
};

struct desc desc_make(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);

struct cpu_local;
/* Sets up and loads a CPU's GDT and its two TSSes (cpu/gdt.c). */
void gdt_init(struct cpu_local *c);
/* The double-fault task runs on its own page tables: tell it ours. */
void cpu_set_double_fault_cr3(uint32_t cr3);
/* The interrupted state this CPU saved in its main TSS at a double fault. */
const struct tss *cpu_main_tss(void);
#endif
#endif
