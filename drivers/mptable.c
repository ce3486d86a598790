// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Intel MultiProcessor Specification's tables, for machines without
 * ACPI (QEMU with acpi=off still has them).  A 16-byte floating pointer,
 * "_MP_", somewhere in the EBDA's first KiB, the last KiB of base memory
 * or the BIOS ROM, points at the configuration table, "PCMP": a 44-byte
 * header and then entries, 20 bytes for a processor (type 0: its APIC id,
 * version and flags, bit 0 "enabled") and 8 for everything else (buses,
 * I/O APICs, interrupt routing).  A floating pointer without a table names
 * one of the spec's default configurations instead, all of which have two
 * processors with APIC ids 0 and 1.
 */
#include <stddef.h>
#include "drivers/smp_tables.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define FLOAT_LEN 16
#define FLOAT_CONFIG 4
#define FLOAT_LENGTH 8		/* in 16-byte units: 1 */
#define FLOAT_FEATURE1 11	/* the default configuration, or 0 */

#define CFG_HEADER 44
#define CFG_LENGTH 4
#define CFG_COUNT 34
#define CFG_LAPIC 36

#define ENTRY_PROCESSOR 0
#define PROCESSOR_LEN 20
#define OTHER_LEN 8
#define LAST_KNOWN_TYPE 4
#define PROC_ENABLED 0x1

int mp_find_floating(const uint8_t *mem, uint32_t len)
{
	for (uint32_t off = 0; off + FLOAT_LEN <= len; off += 16)
		if (!memcmp(mem + off, "_MP_", 4) && mem[off + FLOAT_LENGTH] == 1 &&
		    bytes_sum_to_zero(mem + off, FLOAT_LEN))
			return (int)off;
	return -1;
}

uint32_t mp_config_address(const uint8_t *floating)
{
	return smp_le32(floating + FLOAT_CONFIG);
}

uint8_t mp_default_config(const uint8_t *floating)
{
	return floating[FLOAT_FEATURE1];
}

void mp_default_cpus(struct cpu_list *out)
{
	memset(out, 0, sizeof(*out));
	out->source = "MP default";
	out->lapic_pa = 0xFEE00000u;
	cpu_list_add(out, 0);
	cpu_list_add(out, 1);
}

uint32_t mp_config_length(const uint8_t *header)
{
	return smp_le16(header + CFG_LENGTH);
}

const char *mp_parse_config(const uint8_t *t, uint32_t len, struct cpu_list *out)
{
	uint32_t claimed, count;

	memset(out, 0, sizeof(*out));
	out->source = "MP table";
	if (len < CFG_HEADER || memcmp(t, "PCMP", 4))
		return "no PCMP signature";
	claimed = mp_config_length(t);
	if (claimed < CFG_HEADER || claimed > len)
		return "its length is wrong";
	if (!bytes_sum_to_zero(t, claimed))
		return "bad checksum";
	out->lapic_pa = smp_le32(t + CFG_LAPIC);
	count = smp_le16(t + CFG_COUNT);
	uint32_t off = CFG_HEADER;
	for (uint32_t i = 0; i < count; i++) {
		if (off >= claimed)
			return "entries run past the table";
		uint8_t type = t[off];
		uint32_t elen = type == ENTRY_PROCESSOR ? PROCESSOR_LEN : OTHER_LEN;
		if (type > LAST_KNOWN_TYPE)
			break;	/* an unknown entry: its size is unknown too */
		if (off + elen > claimed)
			return "entries run past the table";
		if (type == ENTRY_PROCESSOR) {
			if (t[off + 3] & PROC_ENABLED)
				cpu_list_add(out, t[off + 1]);
			else
				out->disabled++;
		}
		off += elen;
	}
	return NULL;
}
