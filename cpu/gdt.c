// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's GDT and its two TSSes, one set per CPU (they live in
 * struct cpu_local).  Flat 4 GiB code and data segments at ring 0 are all
 * the hypervisor itself needs; the main TSS exists because x86 insists on
 * one, and the double-fault TSS gives a double fault (usually a stack
 * overflow) a fresh stack so it can still print a register dump instead
 * of resetting the machine.  Each CPU needs its own: a loaded TSS is
 * marked busy, and a double fault saves the faulting state into it.
 */
#include "cpu/percpu.h"
#include "cpu/segments.h"
#include "cpu/x86.h"
#include "lib/string.h"

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

static void load_gdt(const struct desc *gdt)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr = {
		GDT_ENTRIES * sizeof(struct desc) - 1, (uint32_t)gdt
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

void gdt_init(struct cpu_local *c)
{
	struct desc *gdt = c->gdt;
	struct tss *main_tss = &c->tss, *df_tss = &c->df_tss;

	memset(gdt, 0, sizeof(c->gdt));
	gdt[GDT_HV_CS] = desc_make(0, 0xFFFFF, ACC_CODE0, FLAGS_4K_32);
	gdt[GDT_HV_DS] = desc_make(0, 0xFFFFF, ACC_DATA0, FLAGS_4K_32);

	/* The main TSS: an I/O bitmap offset past the limit means that no
	 * ring above 0 may touch any port. */
	memset(main_tss, 0, sizeof(*main_tss));
	main_tss->ss0 = SEL_HV_DS;
	main_tss->io_bitmap_base = sizeof(struct tss);
	gdt[GDT_HV_TSS] = desc_make((uint32_t)main_tss, sizeof(*main_tss) - 1, ACC_TSS32, 0);

	memset(df_tss, 0, sizeof(*df_tss));
	df_tss->eip = (uint32_t)double_fault_task;
	df_tss->esp = df_tss->esp0 = (uint32_t)(c->df_stack + CPU_DF_STACK_SIZE);
	df_tss->ss = df_tss->ss0 = df_tss->ds = df_tss->es = SEL_HV_DS;
	df_tss->cs = SEL_HV_CS;
	df_tss->eflags = 0x2;	/* interrupts off */
	df_tss->io_bitmap_base = sizeof(struct tss);
	df_tss->cr3 = read_cr3();
	gdt[GDT_DF_TSS] = desc_make((uint32_t)df_tss, sizeof(*df_tss) - 1, ACC_TSS32, 0);

	load_gdt(gdt);
	asm volatile("ltr %w0" : : "r"(SEL_HV_TSS));
}

/* Set once paging is on, before any other CPU starts (they take theirs
 * from their own cr3, which is then the same). */
void cpu_set_double_fault_cr3(uint32_t cr3)
{
	for (unsigned i = 0; i < MAX_CPUS; i++)
		cpus[i].df_tss.cr3 = cr3;
}

/* Called on the double-fault stack, whose lowest word names the CPU. */
const struct tss *cpu_main_tss(void)
{
	return &this_cpu()->tss;
}
