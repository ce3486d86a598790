/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the firmware lists the machine's processors: the ACPI MADT (its
 * "APIC" table) or, on machines without ACPI, the older Intel
 * MultiProcessor table.  The parsers are pure logic over byte buffers
 * (unit-tested); drivers/smp_discover.c finds the tables in memory.
 */
#ifndef DRIVERS_SMP_TABLES_H
#define DRIVERS_SMP_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#define CPU_LIST_MAX 32

/* The enabled processors, by local APIC id, in the table's order. */
struct cpu_list {
	unsigned n;
	uint8_t apic_id[CPU_LIST_MAX];
	unsigned dropped;	/* more enabled ones than CPU_LIST_MAX */
	unsigned disabled;	/* listed, but marked not usable */
	uint32_t lapic_pa;	/* the LAPIC address the table gives */
	const char *source;	/* "MADT", "MP table", "MP default" */
};

static inline void cpu_list_add(struct cpu_list *out, uint8_t apic_id)
{
	if (out->n < CPU_LIST_MAX)
		out->apic_id[out->n++] = apic_id;
	else
		out->dropped++;
}

static inline uint32_t smp_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint16_t smp_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The whole MADT, its 36-byte ACPI header included (the caller has
 * checked its checksum).  NULL, or why it could not be read. */
const char *madt_parse(const uint8_t *table, uint32_t len, struct cpu_list *out);

/* The MP floating pointer ("_MP_", on a 16-byte boundary, checksummed)
 * in mem[0, len): its offset, or -1. */
int mp_find_floating(const uint8_t *mem, uint32_t len);
/* The floating pointer's fields: the configuration table's address, and
 * the default configuration it names when there is no table (0: none). */
uint32_t mp_config_address(const uint8_t *floating);
uint8_t mp_default_config(const uint8_t *floating);
/* A default configuration: two processors, APIC ids 0 and 1. */
void mp_default_cpus(struct cpu_list *out);
/* The length the configuration table header claims (its first 8 bytes). */
uint32_t mp_config_length(const uint8_t *header);
/* The configuration table ("PCMP"); len is what may be read.  NULL, or
 * why it could not be read. */
const char *mp_parse_config(const uint8_t *table, uint32_t len, struct cpu_list *out);

#endif
