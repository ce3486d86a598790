/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader told us, in one neutral shape whatever the protocol
 * (Multiboot 1 or 2).  Everything is copied out of the loader's own
 * structures, so after boot nothing needs them any more; only the modules'
 * contents stay where the loader put them.
 */
#ifndef BOOT_BOOT_INFO_H
#define BOOT_BOOT_INFO_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define BOOT_MAX_MMAP 64
#define BOOT_MAX_MODULES 64
#define BOOT_MAX_LOADER_RANGES 8
#define BOOT_CMDLINE_MAX 1024
#define BOOT_MODLINE_MAX 512

/* Memory map types, as the BIOS e820 call defines them. */
enum boot_mem_type {
	MEM_AVAILABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIMABLE = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

struct boot_mem_region {
	uint64_t base, len;
	uint32_t type;
};

struct boot_module {
	uint32_t start, end;	/* physical, [start, end) */
	char cmdline[BOOT_MODLINE_MAX];
	bool cmdline_truncated;
};

struct phys_range {
	uint64_t start, end;	/* [start, end) */
};

struct boot_info {
	int protocol;		/* 1 or 2: which Multiboot */
	char loader[64];
	char cmdline[BOOT_CMDLINE_MAX];
	bool cmdline_truncated;
	int nr_mmap;
	struct boot_mem_region mmap[BOOT_MAX_MMAP];
	bool mmap_from_basic;	/* no map: made from mem_lower/mem_upper */
	int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	int nr_dropped_modules;	/* more than BOOT_MAX_MODULES */
	struct boot_module first_dropped;	/* the first of them, to name it */
	/* Where the loader's own structures were, to keep them safe anyway. */
	int nr_loader_ranges;
	struct phys_range loader_ranges[BOOT_MAX_LOADER_RANGES];
	uint32_t ebda_base;	/* from the BIOS data area; 0 if unknown */
	uint32_t base_mem_kib;	/* base memory size, from the BIOS data area; 0 if unknown */
	const char *error;	/* why the information could not be used */
};

/* How the parser reads physical memory: in the hypervisor physical
 * addresses are pointers; in the unit tests they index a buffer.  Returns
 * NULL if [addr, addr+len) cannot be read. */
struct phys_view {
	uintptr_t offset;	/* pointer = offset + physical address */
	uint64_t limit;		/* readable physical addresses are < limit */
};

#define MB1_LOADER_MAGIC 0x2BADB002u
#define MB2_LOADER_MAGIC 0x36D76289u

/* Fills bi from the loader's magic and information block.  On a problem
 * bi->error says what it was and as much as could be read is kept. */
void boot_info_parse(struct boot_info *bi, uint32_t magic, uint32_t info,
		     const struct phys_view *view);

#endif
