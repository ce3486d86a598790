// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's GDT and its two TSSes.  Flat 4 GiB code and data
 * segments at ring 0 are all the hypervisor itself needs; the main TSS
 * exists because x86 insists on one, and the double-fault TSS gives a
 * double fault (usually a stack overflow) a fresh stack so it can still
 * print a register dump instead of resetting the machine.
 */
#include "cpu/segments.h"
#include "cpu/x86.h"
#include "lib/string.h"

static struct desc gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static struct tss main_tss __attribute__((aligned(128)));
static struct tss df_tss __attribute__((aligned(128)));
static uint8_t df_stack[8192] __attribute__((aligned(16)));

void double_fault_task(void);	/* cpu/trap_entry.asm */

struct desc desc_make(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	struct desc d;

	d.lo = (limit & 0xFFFF) | (base << 16);
	d.hi = ((base >> 16) & 0xFF) | ((uint32_t)access << 8) |
	       (limit & 0xF0000) | ((uint32_t)(flags & 0xF) << 20) |
	       (base & 0xFF000000);
	return d;
}

/* access byte: present, ring 0, code/data, type. flags: 4 KiB units, 32-bit. */
#define ACC_CODE0 0x9A
#define ACC_DATA0 0x92
#define ACC_TSS32 0x89
#define FLAGS_4K_32 0xC

static void load_gdt(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr = {
		sizeof(gdt) - 1, (uint32_t)gdt
	};

	asm volatile("lgdt %0\n\t"
		     "ljmp %1, $1f\n"
		     "1:\n\t"
		     "mov %2, %%ax\n\t"
		     "mov %%ax, %%ds\n\t"
		     "mov %%ax, %%es\n\t"
		     "mov %%ax, %%ss\n\t"
		     "xor %%eax, %%eax\n\t"
		     "mov %%ax, %%fs\n\t"
		     "mov %%ax, %%gs\n\t"
		     : : "m"(gdtr), "i"(SEL_HV_CS), "i"(SEL_HV_DS) : "eax", "memory");
}

void gdt_init(void)
{
	memset(gdt, 0, sizeof(gdt));
	gdt[GDT_HV_CS] = desc_make(0, 0xFFFFF, ACC_CODE0, FLAGS_4K_32);
	gdt[GDT_HV_DS] = desc_make(0, 0xFFFFF, ACC_DATA0, FLAGS_4K_32);

	/* The main TSS: an I/O bitmap offset past the limit means that no
	 * ring above 0 may touch any port. */
	memset(&main_tss, 0, sizeof(main_tss));
	main_tss.ss0 = SEL_HV_DS;
	main_tss.io_bitmap_base = sizeof(struct tss);
	gdt[GDT_HV_TSS] = desc_make((uint32_t)&main_tss, sizeof(main_tss) - 1, ACC_TSS32, 0);

	memset(&df_tss, 0, sizeof(df_tss));
	df_tss.eip = (uint32_t)double_fault_task;
	df_tss.esp = df_tss.esp0 = (uint32_t)(df_stack + sizeof(df_stack));
	df_tss.ss = df_tss.ss0 = df_tss.ds = df_tss.es = SEL_HV_DS;
	df_tss.cs = SEL_HV_CS;
	df_tss.eflags = 0x2;	/* interrupts off */
	df_tss.io_bitmap_base = sizeof(struct tss);
	df_tss.cr3 = read_cr3();
	gdt[GDT_DF_TSS] = desc_make((uint32_t)&df_tss, sizeof(df_tss) - 1, ACC_TSS32, 0);

	load_gdt();
	asm volatile("ltr %w0" : : "r"(SEL_HV_TSS));
}

void cpu_set_double_fault_cr3(uint32_t cr3)
{
	df_tss.cr3 = cr3;
}

const struct tss *cpu_main_tss(void)
{
	return &main_tss;
}
