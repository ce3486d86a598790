/* SPDX-License-Identifier: GPL-2.0-only */
/* Just enough ACPI to switch the machine off and to find its CPUs. */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H

#include <stdint.h>
#include <stdbool.h>

struct acpi_poweroff {
	bool usable;
	uint16_t pm1a_cnt, pm1b_cnt;
	uint16_t slp_typ_a, slp_typ_b;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	const char *why_not;	/* when !usable */
};

/* Finds the FADT and the \_S5 sleep type.  ebda is the EBDA's physical
 * address from the BIOS data area, or 0. */
void acpi_init(uint32_t ebda, struct acpi_poweroff *out);
/* Any checksummed table by its signature ("APIC" for the MADT), mapped,
 * with its length; NULL if there is no ACPI or no such table. */
const uint8_t *acpi_find_table(uint32_t ebda, const char *sig, uint32_t *len);
/* Enters S5.  Returns only if the machine did not switch off. */
void acpi_power_off(const struct acpi_poweroff *p);

/* Finds the \_S5_ package in AML and reads its first two values (pure
 * logic; unit-tested).  False if there is none we understand. */
bool acpi_find_s5(const uint8_t *aml, uint32_t len, uint16_t *typ_a, uint16_t *typ_b);

#endif
