// SPDX-License-Identifier: GPL-2.0-only
/*
 * CMOS clock decoding and the days-since-epoch formula (Howard Hinnant's
 * civil-from-days algorithm, in its days-from-civil direction).
 */
#include "lib/time.h"

#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04

static int bcd(uint8_t v) { return (v & 0x0F) + (v >> 4) * 10; }

bool rtc_decode(const struct rtc_raw *r, struct rtc_time *t)
{
	bool binary = r->status_b & STATUS_B_BINARY;
	bool pm = r->hour & 0x80;
#define N(x) (binary ? (x) : bcd(x))
	t->second = N(r->sec);
	t->minute = N(r->min);
	t->hour = N((uint8_t)(r->hour & 0x7F));
	t->day = N(r->day);
	t->month = N(r->month);
	t->year = N(r->year);
	if (r->century)
		t->year += N(r->century) * 100;
	else
		t->year += t->year < 70 ? 2000 : 1900;
#undef N
	if (!(r->status_b & STATUS_B_24H)) {
		t->hour %= 12;	/* 12 AM is hour 0 */
		if (pm)
			t->hour += 12;
	}
	return t->second < 60 && t->minute < 60 && t->hour < 24 &&
	       t->day >= 1 && t->day <= 31 && t->month >= 1 && t->month <= 12;
}

int64_t rtc_to_unix(const struct rtc_time *t)
{
	int64_t y = t->year - (t->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (t->month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + t->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;

	return days * 86400 + t->hour * 3600 + t->minute * 60 + t->second;
}
