/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own address space: RAM mapped one to one (a physical
 * address is a pointer), page 0 and the stack guard pages left out to catch
 * bugs, and the top 4 MiB kept for the switcher.  Guests never run on it.
 */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <stdint.h>
#include <stdbool.h>
#include "boot/boot_info.h"

#define PAGE_SIZE 4096u
#define LARGE_PAGE_SIZE 0x400000u
#define SWITCHER_ADDR 0xFFC00000u	/* the switcher's 4 MiB */

#define PTE_P 0x001u
#define PTE_W 0x002u
#define PTE_U 0x004u
#define PTE_PWT 0x008u
#define PTE_PCD 0x010u
#define PTE_A 0x020u
#define PTE_D 0x040u
#define PTE_PS 0x080u
#define PTE_G 0x100u

/* A 32-bit virtual address's page directory and page table indexes. */
static inline uint32_t pde_index(uint32_t va) { return va >> 22; }
static inline uint32_t pte_index(uint32_t va) { return (va >> 12) & 0x3FF; }

/* Builds the page directory from the memory map and turns paging on.
 * Without PSE its page tables come from the frame allocator, so
 * frames_init() must come first.  Returns NULL, or why it could not. */
const char *paging_init(const struct boot_info *bi);
/* True when the CPU has no 4 MiB pages and we map with 4 KiB ones. */
bool paging_small_pages(void);
uint32_t paging_hv_cr3(void);
/* Makes [pa, pa+len) reachable: cached for RAM-like firmware tables,
 * uncached for device registers.  The range must lie below the switcher. */
void paging_map_ram(uint32_t pa, uint32_t len);
void paging_map_mmio(uint32_t pa, uint32_t len);
/* True if every byte of [va, va+len) is mapped in our page tables. */
bool paging_is_mapped(uint32_t va, uint32_t len);
/* The page table behind the switcher's 4 MiB (issue: the world switch). */
uint32_t *paging_switcher_table(void);

#endif
