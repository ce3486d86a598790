// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sleep type for "soft off" lives in the DSDT as AML:
 *     Name (_S5, Package () { a, b, ... })
 * which is NameOp 0x08, the name "_S5_", PackageOp 0x12, a package length
 * of 1..4 bytes, an element count, then each value as a ZeroOp/OneOp or a
 * BytePrefix 0x0A with a byte.  We look for exactly that, without an AML
 * interpreter; real firmware writes it this way.
 */
#include "drivers/acpi.h"

static bool read_value(const uint8_t *p, const uint8_t *end, uint16_t *v, const uint8_t **next)
{
	if (p >= end)
		return false;
	if (*p == 0x00 || *p == 0x01) {	/* ZeroOp, OneOp */
		*v = *p;
		*next = p + 1;
		return true;
	}
	if (*p == 0x0A && p + 1 < end) {	/* BytePrefix */
		*v = p[1];
		*next = p + 2;
		return true;
	}
	if (*p == 0xFF) {	/* OnesOp: not a sleep type anyone uses */
		return false;
	}
	if (*p < 0x08) {	/* a bare small constant */
		*v = *p;
		*next = p + 1;
		return true;
	}
	return false;
}

bool acpi_find_s5(const uint8_t *aml, uint32_t len, uint16_t *typ_a, uint16_t *typ_b)
{
	for (uint32_t i = 0; i + 4 <= len; i++) {
		const uint8_t *p = aml + i, *end = aml + len;
		if (p[0] != '_' || p[1] != 'S' || p[2] != '5' || p[3] != '_')
			continue;
		/* A definition, not a reference: NameOp before the name
		 * (maybe with a root prefix '\\' in between). */
		bool named = (i >= 1 && p[-1] == 0x08) ||
			     (i >= 2 && p[-1] == '\\' && p[-2] == 0x08);
		if (!named)
			continue;
		p += 4;
		if (p >= end || *p != 0x12)	/* PackageOp */
			continue;
		p++;
		if (p >= end)
			return false;
		p += 1 + (*p >> 6);	/* PkgLength: lead byte + 0..3 more */
		p++;			/* NumElements */
		const uint8_t *next;
		if (!read_value(p, end, typ_a, &next))
			continue;
		if (!read_value(next, end, typ_b, &next))
			*typ_b = *typ_a;
		return true;
	}
	return false;
}
