// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MADT's processor entries.  After the header come the LAPIC address
 * and flags, then variable-length entries (type, length, body); type 0 is
 * a processor's local APIC: its ACPI processor id, its APIC id and flags,
 * bit 0 "enabled".  A processor that is not enabled (QEMU lists the slots
 * of CPUs that could be hot-plugged that way) is counted, never started.
 * x2APIC entries (type 9) name CPUs we could only reach in x2APIC mode,
 * which a 32-bit xAPIC hypervisor does not use: they are skipped.
 */
#include "drivers/smp_tables.h"
#include "lib/string.h"

#define MADT_HEADER 44	/* the ACPI header, LAPIC address, flags */
#define MADT_LAPIC_ADDR 36
#define ENTRY_LAPIC 0
#define LAPIC_ENABLED 0x1

const char *madt_parse(const uint8_t *t, uint32_t len, struct cpu_list *out)
{
	memset(out, 0, sizeof(*out));
	out->source = "MADT";
	if (len < MADT_HEADER || memcmp(t, "APIC", 4))
		return "not a MADT";
	out->lapic_pa = smp_le32(t + MADT_LAPIC_ADDR);
	for (uint32_t off = MADT_HEADER; off + 2 <= len;) {
		uint8_t type = t[off], elen = t[off + 1];
		if (elen < 2 || off + elen > len)
			return "a MADT entry runs past the table";
		if (type == ENTRY_LAPIC && elen >= 8) {
			if (smp_le32(t + off + 4) & LAPIC_ENABLED)
				cpu_list_add(out, t[off + 3]);
			else
				out->disabled++;
		}
		off += elen;
	}
	return NULL;
}
