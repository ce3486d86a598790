// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RTC updates its registers once a second; reading during the update
 * can give a torn time, so we read until two passes agree, each after the
 * update-in-progress flag is clear.
 */
#include "drivers/cmos.h"
#include "cpu/x86.h"
#include "lib/string.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define NMI_OFF 0x80	/* keep NMIs off while selecting a register */

static uint8_t reg(uint8_t r)
{
	outb(CMOS_ADDR, NMI_OFF | r);
	return inb(CMOS_DATA);
}

static void read_raw(struct rtc_raw *r)
{
	for (int spin = 0; spin < 1000000 && (reg(0x0A) & 0x80); spin++)
		cpu_relax();
	r->sec = reg(0x00);
	r->min = reg(0x02);
	r->hour = reg(0x04);
	r->day = reg(0x07);
	r->month = reg(0x08);
	r->year = reg(0x09);
	r->century = reg(0x32);
	r->status_b = reg(0x0B);
}

bool cmos_read_time(struct rtc_time *t)
{
	struct rtc_raw a, b;

	read_raw(&a);
	for (int tries = 0; tries < 5; tries++) {
		read_raw(&b);
		if (!memcmp(&a, &b, sizeof(a)))
			break;
		a = b;
	}
	/* Register 0x32 is the century only where it reads 19 or 20. */
	bool binary = a.status_b & 0x04;
	if (a.century != (binary ? 19 : 0x19) && a.century != (binary ? 20 : 0x20))
		a.century = 0;
	return rtc_decode(&a, t);
}
