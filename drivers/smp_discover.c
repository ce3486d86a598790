// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding the firmware's list of processors: the ACPI MADT if there is
 * one, else the MP table, searched for where the MP specification says
 * the BIOS leaves its floating pointer (the EBDA's first KiB, the last KiB
 * of base memory, the BIOS ROM from 0xF0000).  The parsing itself is in
 * drivers/acpi_madt.c and drivers/mptable.c.
 */
#include <stddef.h>
#include "drivers/smp.h"
#include "drivers/acpi.h"
#include "drivers/smp_tables.h"
#include "mm/paging.h"
#include "lib/string.h"

static const uint8_t *find_floating(uint32_t ebda, uint32_t base_kib)
{
	const struct { uint32_t start, len; } where[] = {
		{ ebda >= 0x80000 && ebda < 0xA0000 ? ebda : 0, 1024 },
		{ base_kib >= 512 && base_kib <= 640 ? base_kib * 1024 - 1024 : 0, 1024 },
		{ 0xF0000, 0x10000 },
	};

	for (unsigned i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (!where[i].start)
			continue;
		int off = mp_find_floating((const uint8_t *)where[i].start, where[i].len);
		if (off >= 0)
			return (const uint8_t *)where[i].start + off;
	}
	return NULL;
}

static const char *from_mp_table(uint32_t ebda, uint32_t base_kib, struct cpu_list *out)
{
	const uint8_t *fp = find_floating(ebda, base_kib);
	uint32_t pa, len;

	if (!fp)
		return "no MADT or MP table";
	if (mp_default_config(fp)) {
		mp_default_cpus(out);
		return NULL;
	}
	pa = mp_config_address(fp);
	if (!pa || pa >= SWITCHER_ADDR - 0x20000)
		return "the MP floating pointer names no table";
	paging_map_ram(pa, 8);
	len = mp_config_length((const uint8_t *)pa);
	paging_map_ram(pa, len);
	return mp_parse_config((const uint8_t *)pa, len, out);
}

const char *smp_discover(uint32_t ebda, uint32_t base_kib, struct cpu_list *out)
{
	uint32_t len;
	const uint8_t *madt = acpi_find_table(ebda, "APIC", &len);

	if (madt) {
		const char *why = madt_parse(madt, len, out);
		if (!why && out->n)
			return NULL;
	}
	return from_mp_table(ebda, base_kib, out);
}
