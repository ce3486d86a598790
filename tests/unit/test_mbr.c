// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MBR parser against tables built here sector by sector: primaries
 * with gaps, an extended partition with logical ones, and the broken or
 * hostile tables a disk can hold (loops, EBRs elsewhere, partitions past
 * the disk's end, no signature).  The numbers must be Linux's.
 * sources: lib/mbr.c
 */
#include "check.h"
#include <stdint.h>
#include <stdbool.h>
#include "lib/mbr.h"

#define DISK 4096	/* sectors of the test disk (2 MiB) */
#define IMG 80		/* sectors actually held; the rest read as zeros */

struct disk {
	uint8_t sec[IMG][512];
	int reads;
};

static struct disk d;

static bool read_disk(void *ctx, uint64_t lba, uint8_t sector[512])
{
	struct disk *disk = ctx;

	disk->reads++;
	if (lba >= DISK)
		return false;
	if (lba < IMG)
		memcpy(sector, disk->sec[lba], 512);
	else
		memset(sector, 0, 512);
	return true;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

/* Slot i of the table in sector lba; a new table gets its signature. */
static void set_slot(int lba, int i, uint8_t type, uint32_t start, uint32_t sectors)
{
	uint8_t *s = d.sec[lba] + 446 + 16 * i;

	s[4] = type;
	put32(s + 8, start);
	put32(s + 12, sectors);
	d.sec[lba][510] = 0x55;
	d.sec[lba][511] = 0xAA;
}

static struct mbr_part parts[80];
static const char *note;

static int parse(void)
{
	return mbr_parse(read_disk, &d, DISK, parts, 80, &note);
}

static void check_part(int i, int number, int type, uint64_t start, uint64_t sectors)
{
	CHECK_EQ(parts[i].number, number);
	CHECK_EQ(parts[i].type, type);
	CHECK_EQ(parts[i].start, start);
	CHECK_EQ(parts[i].sectors, sectors);
}

static void reset(void)
{
	memset(&d, 0, sizeof(d));
	memset(parts, 0, sizeof(parts));
	note = "unset";
}

static void primaries_only(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 1024);
	set_slot(0, 1, 0x82, 3072, 1024);
	CHECK_EQ(parse(), 2);
	check_part(0, 1, 0x83, 2048, 1024);
	check_part(1, 2, 0x82, 3072, 1024);
	CHECK(note == NULL);
}

static void gaps_keep_their_numbers(void)
{
	reset();
	set_slot(0, 1, 0x0C, 100, 50);
	set_slot(0, 3, 0x83, 200, 3896);	/* ends exactly at the disk's end */
	set_slot(0, 2, 0x00, 300, 10);		/* type 0: empty */
	CHECK_EQ(parse(), 2);
	check_part(0, 2, 0x0C, 100, 50);
	check_part(1, 4, 0x83, 200, 3896);
	CHECK(note == NULL);
}

static void no_signature_no_partitions(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 1024);
	d.sec[0][511] = 0xAB;
	CHECK_EQ(parse(), 0);
	CHECK(note == NULL);
	reset();
	CHECK_EQ(parse(), 0);	/* a blank disk */
	CHECK(note == NULL);
}

static void bad_boot_flag_is_not_a_table(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 1024);
	d.sec[0][446 + 16] = 0x12;
	CHECK_EQ(parse(), 0);
	CHECK(note && strstr(note, "boot flags"));
	reset();
	set_slot(0, 0, 0x83, 2048, 1024);
	d.sec[0][446] = 0x80;	/* active: fine */
	CHECK_EQ(parse(), 1);
}

/* Extended at 10..2047 (slot 3); EBRs at 10, 20, 30 with logicals after
 * each; the primaries after the logicals in the list, though slot 3 is
 * last: the list is 1-4 then 5 on. */
static void extended_with_logicals(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 2048);
	set_slot(0, 3, 0x05, 10, 2038);
	set_slot(10, 0, 0x83, 1, 9);		/* hd0p5: 11..19 */
	set_slot(10, 1, 0x05, 10, 10);		/* next EBR at 10 + 10 = 20 */
	set_slot(20, 0, 0x82, 2, 8);		/* hd0p6: 22..29 */
	set_slot(20, 1, 0x0F, 20, 100);		/* next at 30 */
	set_slot(30, 0, 0x07, 5, 1000);		/* hd0p7: 35..1034 */
	CHECK_EQ(parse(), 4);
	check_part(0, 1, 0x83, 2048, 2048);
	check_part(1, 5, 0x83, 11, 9);
	check_part(2, 6, 0x82, 22, 8);
	check_part(3, 7, 0x07, 35, 1000);
	CHECK(note == NULL);
}

static void loop_in_chain_ends_it(void)
{
	reset();
	set_slot(0, 1, 0x85, 10, 2000);
	set_slot(10, 0, 0x83, 1, 4);
	set_slot(10, 1, 0x05, 10, 10);		/* -> 20 */
	set_slot(20, 0, 0x83, 1, 4);
	set_slot(20, 1, 0x05, 0 + 10, 10);	/* -> 20 again: itself */
	CHECK_EQ(parse(), 2);
	check_part(0, 5, 0x83, 11, 4);
	check_part(1, 6, 0x83, 21, 4);
	CHECK(note && strstr(note, "loop"));

	reset();
	set_slot(0, 1, 0x85, 10, 2000);
	set_slot(10, 0, 0x83, 1, 4);
	set_slot(10, 1, 0x05, 10, 10);		/* 10 -> 20 */
	set_slot(20, 1, 0x05, 20, 10);		/* 20 -> 30 */
	set_slot(30, 1, 0x05, 10, 10);		/* 30 -> 20: a longer loop */
	d.reads = 0;
	CHECK_EQ(parse(), 1);
	CHECK(note && strstr(note, "loop"));
	CHECK(d.reads <= 5);
}

static void ebr_to_start_of_container_is_a_loop(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);
	set_slot(10, 0, 0x83, 1, 4);
	set_slot(10, 1, 0x05, 0, 10);		/* relative 0: the container again */
	CHECK_EQ(parse(), 1);
	CHECK(note && strstr(note, "outside"));
}

static void ebr_outside_extended(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);		/* 10..109 */
	set_slot(10, 0, 0x83, 1, 4);
	set_slot(10, 1, 0x05, 100, 10);		/* -> 110: outside */
	set_slot(50, 0, 0x83, 1, 4);		/* never read */
	CHECK_EQ(parse(), 1);
	check_part(0, 5, 0x83, 11, 4);
	CHECK(note && strstr(note, "outside its extended"));
}

static void logical_reaching_out_keeps_numbering(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);		/* 10..109 */
	set_slot(10, 0, 0x83, 1, 200);		/* hd0p5 past the container */
	set_slot(10, 1, 0x05, 20, 10);		/* -> 30 */
	set_slot(30, 0, 0x83, 1, 4);		/* still hd0p6, as in Linux */
	CHECK_EQ(parse(), 1);
	check_part(0, 6, 0x83, 31, 4);
	CHECK(note && strstr(note, "outside its extended"));
}

static void garbage_in_late_ebr_slots_ignored(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);
	set_slot(10, 0, 0x83, 1, 4);
	set_slot(10, 2, 0x83, 5000, 70000);	/* garbage in slot 2: no number */
	set_slot(10, 1, 0x05, 20, 10);
	set_slot(30, 0, 0x83, 1, 4);
	CHECK_EQ(parse(), 2);
	check_part(0, 5, 0x83, 11, 4);
	check_part(1, 6, 0x83, 31, 4);
	CHECK(note == NULL);
}

static void past_the_disk_end(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 2049);	/* one sector too long */
	set_slot(0, 1, 0x83, 100, 100);
	set_slot(0, 2, 0x05, 4000, 200);	/* container past the end: not followed */
	set_slot(0, 3, 0x83, 0xFFFFFFFF, 0xFFFFFFFF);	/* no 32-bit wrap */
	CHECK_EQ(parse(), 1);
	check_part(0, 2, 0x83, 100, 100);
	CHECK(note && strstr(note, "past the end"));
}

static void overlapping_sector_zero(void)
{
	reset();
	set_slot(0, 0, 0x83, 0, 100);
	CHECK_EQ(parse(), 0);
	CHECK(note && strstr(note, "overlaps"));
}

static void logical_overlapping_its_ebr(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);
	set_slot(10, 0, 0x83, 0, 4);		/* would cover the EBR itself */
	CHECK_EQ(parse(), 0);
	CHECK(note && strstr(note, "overlaps"));
}

static void missing_ebr_signature(void)
{
	reset();
	set_slot(0, 0, 0x83, 2048, 100);
	set_slot(0, 1, 0x05, 10, 100);		/* sector 10 left blank */
	CHECK_EQ(parse(), 1);
	CHECK(note && strstr(note, "signature"));
}

static void unreadable_sectors(void)
{
	reset();
	set_slot(0, 0, 0x05, 10, 100);
	CHECK_EQ(mbr_parse(read_disk, &d, 1u << 20, parts, 80, &note), 0);	/* EBR blank */
	/* A disk reporting more sectors than it can read: the EBR read fails. */
	reset();
	set_slot(0, 0, 0x05, 5000, 100);
	CHECK_EQ(mbr_parse(read_disk, &d, 1u << 20, parts, 80, &note), 0);
	CHECK(note && strstr(note, "cannot read"));
}

/* A chain of more EBRs than are followed: bounded, and numbered on. */
static void long_chain_is_bounded(void)
{
	reset();
	set_slot(0, 0, 0x05, 1, 4000);		/* EBRs at 1, 2, ..., 79 */
	for (int e = 1; e < IMG; e++) {
		set_slot(e, 0, 0x83, 2000, 10);	/* data well after */
		set_slot(e, 1, 0x05, e, 1);	/* next at 1 + e */
	}
	CHECK_EQ(parse(), MBR_MAX_LOGICAL);
	CHECK_EQ(parts[0].number, 5);
	CHECK_EQ(parts[MBR_MAX_LOGICAL - 1].number, 4 + MBR_MAX_LOGICAL);
	CHECK(note && strstr(note, "too many"));
	CHECK_EQ(mbr_parse(read_disk, &d, DISK, parts, 10, &note), 10);
	CHECK(note && strstr(note, "more partitions"));
}

int main(void)
{
	RUN(primaries_only);
	RUN(gaps_keep_their_numbers);
	RUN(no_signature_no_partitions);
	RUN(bad_boot_flag_is_not_a_table);
	RUN(extended_with_logicals);
	RUN(loop_in_chain_ends_it);
	RUN(ebr_to_start_of_container_is_a_loop);
	RUN(ebr_outside_extended);
	RUN(logical_reaching_out_keeps_numbering);
	RUN(garbage_in_late_ebr_slots_ignored);
	RUN(past_the_disk_end);
	RUN(overlapping_sector_zero);
	RUN(logical_overlapping_its_ebr);
	RUN(missing_ebr_signature);
	RUN(unreadable_sectors);
	RUN(long_chain_is_bounded);
	return 0;
}
