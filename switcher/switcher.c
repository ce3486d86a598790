// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the world switch: the page tables behind the switcher's
 * 4 MiB.  The hypervisor's maps the code and every CPU's slot, writable
 * where the hypervisor must write.  Each CPU has its own table for the
 * guests it runs: the same code, and only that CPU's slot (the read-only
 * page read-only: with CR0.WP even ring 1 cannot write it), so a guest
 * never sees the pages of a guest on another CPU.
 */
#include "switcher/switcher.h"
#include "mm/paging.h"
#include "cpu/x86.h"
#include "lib/string.h"

extern char __switcher_start[], __switcher_end[];
extern const uint32_t sw_trap_stubs[256];
void sw_switch_to_guest(void);

static uint32_t guest_tables[SW_MAX_CPUS][1024] __attribute__((aligned(4096)));

void switcher_init(void)
{
	uint32_t *host_table = paging_switcher_table();

	uint32_t pages = ((uint32_t)(__switcher_end - __switcher_start) + PAGE_SIZE - 1) / PAGE_SIZE;

	_Static_assert(SW_SLOT0 - SW_BASE >= 2 * PAGE_SIZE, "the code fits before the slots");
	/* Only the code's own pages: the next page of the image is our data. */
	for (uint32_t i = 0; i < pages; i++) {
		uint32_t pa = (uint32_t)__switcher_start + i * PAGE_SIZE;
		host_table[i] = pa | PTE_P;
		for (int c = 0; c < SW_MAX_CPUS; c++)
			guest_tables[c][i] = pa | PTE_P;
	}
	write_cr3(read_cr3());
}

uint32_t switcher_slot(unsigned cpu)
{
	return SW_SLOT0 + cpu * SW_SLOT_SIZE;
}

void switcher_map_guest_pages(unsigned cpu, uint32_t regs_pa, uint32_t ro_pa)
{
	uint32_t *host_table = paging_switcher_table();
	uint32_t regs = switcher_slot(cpu), ro = regs + SW_RO_OFFSET;

	host_table[pte_index(regs)] = regs_pa | PTE_P | PTE_W;
	host_table[pte_index(ro)] = ro_pa | PTE_P | PTE_W;
	guest_tables[cpu][pte_index(regs)] = regs_pa | PTE_P | PTE_W;
	guest_tables[cpu][pte_index(ro)] = ro_pa | PTE_P;
	/* Only this CPU ever uses its slot's addresses, so only its TLB can
	 * hold them; the guest's entries are flushed by the cr3 load on
	 * entry. */
	invlpg(regs);
	invlpg(ro);
}

uint32_t switcher_guest_pde(unsigned cpu)
{
	return (uint32_t)guest_tables[cpu] | PTE_P | PTE_W;
}

/* The switcher's symbols are linked at its load address; it runs at SW_BASE. */
static uint32_t at_sw_base(const void *sym)
{
	return SW_BASE + ((uint32_t)sym - (uint32_t)__switcher_start);
}

uint32_t switcher_stub(int vector)
{
	return SW_BASE + sw_trap_stubs[vector];
}

void switcher_ro_init(struct switcher_ro *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->host_cr3 = paging_hv_cr3();
	ro->guest_gdt_limit = sizeof(ro->gdt) - 1;
	ro->guest_idt_limit = sizeof(ro->idt) - 1;
	/* No I/O ports for anyone: the bitmap offset lies past the TSS's
	 * limit. */
	ro->tss.ss0 = SEL_HV_DS;
	ro->tss.io_bitmap_base = sizeof(struct tss);
}

void switcher_ro_place(struct switcher_ro *ro, unsigned cpu)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr, idtr;
	uint32_t slot = switcher_slot(cpu);

	/* This CPU's own tables to come back to. */
	asm volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	ro->host_gdt_limit = gdtr.limit;
	ro->host_gdt_base = gdtr.base;
	ro->host_idt_limit = idtr.limit;
	ro->host_idt_base = idtr.base;
	ro->guest_gdt_base = slot + SW_RO_OFFSET + RO_GDT;
	ro->guest_idt_base = slot + SW_RO_OFFSET + RO_IDT;
	/* Traps to ring 0 land on the slot's register page. */
	ro->tss.esp0 = slot + PAGE_SIZE;
}

void switcher_run(unsigned cpu)
{
	uint32_t entry = at_sw_base(sw_switch_to_guest);
	uint32_t slot = switcher_slot(cpu);

	/* The switcher saves and restores every register (pushad/popad). */
	asm volatile("call *%1" : : "a"(slot), "r"(entry) : "memory", "cc");
}
