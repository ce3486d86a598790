// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CMOS clock's encodings (BCD or binary, 12- or 24-hour, with or
 * without a century register) and the conversion to Unix time.
 * sources: lib/time.c
 */
#include "check.h"
#include "lib/time.h"

static void unix_epoch_and_known_dates(void)
{
	struct rtc_time t = { 1970, 1, 1, 0, 0, 0 };
	CHECK_EQ(rtc_to_unix(&t), 0);
	t = (struct rtc_time){ 2000, 2, 29, 12, 0, 0 };
	CHECK_EQ(rtc_to_unix(&t), 951825600);
	t = (struct rtc_time){ 2026, 11, 25, 8, 16, 7 };
	CHECK_EQ(rtc_to_unix(&t), 1795594567);
	t = (struct rtc_time){ 2038, 1, 19, 3, 14, 8 };
	CHECK_EQ(rtc_to_unix(&t), 2147483648ull);
}

static void bcd_24h(void)
{
	struct rtc_raw r = { 0x59, 0x30, 0x23, 0x31, 0x12, 0x26, 0x20, 0x02 };
	struct rtc_time t;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.year, 2026);
	CHECK_EQ(t.month, 12);
	CHECK_EQ(t.day, 31);
	CHECK_EQ(t.hour, 23);
	CHECK_EQ(t.minute, 30);
	CHECK_EQ(t.second, 59);
}

static void binary_12h_no_century(void)
{
	struct rtc_raw r = { 5, 6, 0x80 | 12, 1, 1, 99, 0, 0x04 };	/* 12 PM */
	struct rtc_time t;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.year, 1999);
	CHECK_EQ(t.hour, 12);
	r.hour = 12;	/* 12 AM */
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 0);
	r.hour = 0x80 | 1;	/* 1 PM */
	r.year = 5;
	CHECK(rtc_decode(&r, &t));
	CHECK_EQ(t.hour, 13);
	CHECK_EQ(t.year, 2005);
}

static void garbage_is_refused(void)
{
	struct rtc_raw r = { 0x99, 0x30, 0x23, 0x31, 0x12, 0x26, 0x20, 0x02 };
	struct rtc_time t;
	CHECK(!rtc_decode(&r, &t));
	r = (struct rtc_raw){ 0, 0, 0, 0, 0x13, 0, 0, 0x02 };
	CHECK(!rtc_decode(&r, &t));
}

int main(void)
{
	RUN(unix_epoch_and_known_dates);
	RUN(bcd_24h);
	RUN(binary_12h_no_century);
	RUN(garbage_is_refused);
	return 0;
}
