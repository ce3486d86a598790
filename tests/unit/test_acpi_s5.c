// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding \_S5 in DSDT bytecode the way firmware writes it (SeaBIOS,
 * typical vendor tables), and not being fooled by references to the name
 * or by truncated tables.
 * sources: drivers/acpi_s5.c
 */
#include <stdint.h>
#include "check.h"
#include "drivers/acpi.h"

static void seabios_style(void)
{
	/* Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }) */
	const uint8_t aml[] = { 0x10, 0x08, 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04,
				0x00, 0x00, 0x00, 0x00 };
	uint16_t a = 9, b = 9;
	CHECK(acpi_find_s5(aml, sizeof(aml), &a, &b));
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
}

static void byte_prefixed_values(void)
{
	/* Name (\_S5, Package () { 0x07, 0x05 }) with a two-byte PkgLength */
	const uint8_t aml[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x48, 0x00, 0x02,
				0x0A, 0x07, 0x0A, 0x05 };
	uint16_t a, b;
	CHECK(acpi_find_s5(aml, sizeof(aml), &a, &b));
	CHECK_EQ(a, 7);
	CHECK_EQ(b, 5);
}

static void reference_then_definition(void)
{
	/* A method mentioning _S5_ first, then the real definition. */
	const uint8_t aml[] = { 0x70, '_', 'S', '5', '_', 0x60,
				0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x01, 0x0A, 0x02 };
	uint16_t a, b;
	CHECK(acpi_find_s5(aml, sizeof(aml), &a, &b));
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
}

static void absent_or_truncated(void)
{
	const uint8_t none[] = { 0x08, '_', 'S', '3', '_', 0x12, 0x05, 0x02, 0x01, 0x01 };
	const uint8_t cut[] = { 0x08, '_', 'S', '5', '_', 0x12 };
	uint16_t a, b;
	CHECK(!acpi_find_s5(none, sizeof(none), &a, &b));
	CHECK(!acpi_find_s5(cut, sizeof(cut), &a, &b));
	CHECK(!acpi_find_s5(cut, 0, &a, &b));
}

int main(void)
{
	RUN(seabios_style);
	RUN(byte_prefixed_values);
	RUN(reference_then_definition);
	RUN(absent_or_truncated);
	return 0;
}
