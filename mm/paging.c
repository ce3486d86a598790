// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's page directory.  RAM is mapped one to one with 4 MiB
 * pages, except the first 4 MiB (where the image lives), which gets a
 * 4 KiB page table so page 0 and the stack guard pages can stay unmapped.
 * A CPU without 4 MiB pages (no PSE: a 486) gets 4 KiB pages throughout,
 * their tables taken from the frame allocator, one per 4 MiB mapped.
 * Nothing is ever Global: ring 1 is "supervisor" to the paging hardware,
 * so a global hypervisor mapping surviving a switch to a guest's page
 * tables would be a hole in the wall.
 */
#include "mm/paging.h"
#include "mm/frames.h"
#include "cpu/cpu.h"
#include "cpu/percpu.h"
#include "cpu/x86.h"
#include "lib/string.h"

static uint32_t page_dir[1024] __attribute__((aligned(4096)));
static uint32_t low_table[1024] __attribute__((aligned(4096)));
static uint32_t switcher_table[1024] __attribute__((aligned(4096)));
static bool small_pages;	/* no PSE: 4 KiB pages everywhere */
static bool out_of_tables;	/* a 4 KiB table could not be had */

/* 4 KiB pages for [pa, pa+len) within directory slot i. */
static void map_small(uint32_t i, uint64_t start, uint64_t end, uint32_t flags)
{
	uint32_t *table;

	if (!(page_dir[i] & PTE_P)) {
		uint32_t t = frame_alloc();
		if (!t) {
			out_of_tables = true;
			return;
		}
		memset((void *)t, 0, PAGE_SIZE);
		page_dir[i] = t | PTE_P | PTE_W;
	}
	table = (uint32_t *)(page_dir[i] & ~0xFFFu);
	for (uint64_t p = start & ~0xFFFull; p < end; p += PAGE_SIZE) {
		uint32_t *pte = &table[pte_index((uint32_t)p)];
		if (!(*pte & PTE_P))
			*pte = (uint32_t)p | PTE_P | PTE_W | flags;
		else
			*pte |= flags;
	}
}

static void map_range(uint32_t pa, uint32_t len, uint32_t flags)
{
	uint32_t first = pa >> 22;
	uint64_t end = (uint64_t)pa + len;
	uint64_t last = (end + LARGE_PAGE_SIZE - 1) >> 22;

	if (last > (SWITCHER_ADDR >> 22))
		last = SWITCHER_ADDR >> 22;
	for (uint32_t i = first; i < last; i++) {
		if (i == 0)
			continue;	/* the first 4 MiB has its own table */
		if (small_pages) {
			uint64_t lo = (uint64_t)i << 22, hi = lo + LARGE_PAGE_SIZE;
			map_small(i, pa > lo ? pa : lo, end < hi ? end : hi, flags);
		} else if (!(page_dir[i] & PTE_P)) {
			page_dir[i] = (i << 22) | PTE_PS | PTE_P | PTE_W | flags;
		} else {
			page_dir[i] |= flags;	/* MMIO sharing a chunk: uncached */
		}
	}
}

void paging_map_ram(uint32_t pa, uint32_t len)
{
	map_range(pa, len, 0);
	if (read_cr0() & CR0_PG)
		write_cr3(read_cr3());	/* no global pages: a reload flushes all */
}

void paging_map_mmio(uint32_t pa, uint32_t len)
{
	map_range(pa, len, PTE_PCD | PTE_PWT);
	if (read_cr0() & CR0_PG)
		write_cr3(read_cr3());
}

const char *paging_init(const struct boot_info *bi)
{
	small_pages = !cpu.pse;

	memset(page_dir, 0, sizeof(page_dir));
	memset(switcher_table, 0, sizeof(switcher_table));
	for (uint32_t i = 0; i < 1024; i++)
		low_table[i] = (i << 12) | PTE_P | PTE_W;
	low_table[0] = 0;	/* catch NULL pointers */
	for (unsigned c = 0; c < MAX_CPUS; c++)	/* every CPU's stack guard */
		low_table[percpu_guard_page(c) >> 12] = 0;
	page_dir[0] = (uint32_t)low_table | PTE_P | PTE_W;

	/* Firmware tables (ACPI) live in RAM-like regions: map those too. */
	for (int i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		if (r->type != MEM_AVAILABLE && r->type != MEM_ACPI_RECLAIMABLE &&
		    r->type != MEM_ACPI_NVS)
			continue;
		if (r->base >= SWITCHER_ADDR)
			continue;
		uint64_t len = r->len;
		if (r->base + len > SWITCHER_ADDR)
			len = SWITCHER_ADDR - r->base;
		map_range((uint32_t)r->base, (uint32_t)len, 0);
	}
	for (int i = 0; i < bi->nr_modules; i++)
		map_range(bi->modules[i].start, bi->modules[i].end - bi->modules[i].start, 0);

	page_dir[SWITCHER_ADDR >> 22] = (uint32_t)switcher_table | PTE_P | PTE_W;
	if (out_of_tables)
		return "no free memory for the hypervisor's 4 KiB page tables";

	if (!small_pages)
		write_cr4(read_cr4() | CR4_PSE);
	write_cr3((uint32_t)page_dir);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
	return NULL;
}

bool paging_small_pages(void)
{
	return small_pages;
}

uint32_t paging_hv_cr3(void)
{
	return (uint32_t)page_dir;
}

uint32_t *paging_switcher_table(void)
{
	return switcher_table;
}

static bool page_mapped(uint32_t va)
{
	uint32_t pde;

	if (!(read_cr0() & CR0_PG))
		return true;
	pde = page_dir[pde_index(va)];
	if (!(pde & PTE_P))
		return false;
	if (pde & PTE_PS)
		return true;
	return ((uint32_t *)(pde & ~0xFFFu))[pte_index(va)] & PTE_P;
}

bool paging_is_mapped(uint32_t va, uint32_t len)
{
	uint64_t end = (uint64_t)va + len;

	for (uint64_t p = va & ~0xFFFu; p < end; p += PAGE_SIZE)
		if (p > 0xFFFFFFFFu || !page_mapped((uint32_t)p))
			return false;
	return true;
}
