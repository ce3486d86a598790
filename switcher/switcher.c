// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the world switch: the page table behind the switcher's
 * 4 MiB as the guests see it (code and the read-only page read-only: with
 * CR0.WP even ring 1 cannot write them), and the one the hypervisor uses
 * (the same frames, writable where the hypervisor must write).
 */
#include "switcher/switcher.h"
#include "mm/paging.h"
#include "cpu/x86.h"
#include "lib/string.h"

extern char __switcher_start[], __switcher_end[];
extern const uint32_t sw_trap_stubs[256];
void sw_switch_to_guest(void);

static uint32_t guest_table[1024] __attribute__((aligned(4096)));


void switcher_init(void)
{
	uint32_t *host_table = paging_switcher_table();

	uint32_t pages = ((uint32_t)(__switcher_end - __switcher_start) + PAGE_SIZE - 1) / PAGE_SIZE;

	/* Only the code's own pages: the next page of the image is our data. */
	for (uint32_t i = 0; i < pages; i++) {
		uint32_t pa = (uint32_t)__switcher_start + i * PAGE_SIZE;
		host_table[i] = pa | PTE_P;
		guest_table[i] = pa | PTE_P;
	}
	write_cr3(read_cr3());
}

void switcher_map_guest_pages(uint32_t regs_pa, uint32_t ro_pa)
{
	uint32_t *host_table = paging_switcher_table();

	host_table[pte_index(SW_REGS_PAGE)] = regs_pa | PTE_P | PTE_W;
	host_table[pte_index(SW_RO_PAGE)] = ro_pa | PTE_P | PTE_W;
	guest_table[pte_index(SW_REGS_PAGE)] = regs_pa | PTE_P | PTE_W;
	guest_table[pte_index(SW_RO_PAGE)] = ro_pa | PTE_P;
	invlpg(SW_REGS_PAGE);
	invlpg(SW_RO_PAGE);
	/* The guest's entries are flushed by the cr3 load on entry. */
}

uint32_t switcher_guest_pde(void)
{
	return (uint32_t)guest_table | PTE_P | PTE_W;
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
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr, idtr;

	memset(ro, 0, sizeof(*ro));
	asm volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	ro->host_cr3 = paging_hv_cr3();
	ro->host_gdt_limit = gdtr.limit;
	ro->host_gdt_base = gdtr.base;
	ro->host_idt_limit = idtr.limit;
	ro->host_idt_base = idtr.base;
	ro->guest_gdt_limit = sizeof(ro->gdt) - 1;
	ro->guest_gdt_base = SW_RO_PAGE + RO_GDT;
	ro->guest_idt_limit = sizeof(ro->idt) - 1;
	ro->guest_idt_base = SW_RO_PAGE + RO_IDT;
	/* Traps to ring 0 land on the register page; no I/O ports for
	 * anyone (the bitmap offset lies past the TSS's limit). */
	ro->tss.esp0 = SW_STACK_TOP;
	ro->tss.ss0 = SEL_HV_DS;
	ro->tss.io_bitmap_base = sizeof(struct tss);
}

void switcher_run(void)
{
	uint32_t entry = at_sw_base(sw_switch_to_guest);

	asm volatile("call *%0" : "+r"(entry) : : "memory", "cc");
}
