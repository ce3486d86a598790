// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MBR partition table, trusted no further than it can be checked.  A
 * disk's partitions become guests' disks, writable, so a partition that
 * overlaps the table describing it, or runs past the disk or out of its
 * extended partition, is left out rather than believed; and the chain of
 * extended boot records (EBRs), a linked list on the disk, is walked with
 * a bound and a memory of where it has been, so a loop ends it.
 *
 * Sector 0 holds four 16-byte slots at byte 446: a boot flag, a type, and
 * (after CHS fields nobody should read) a 32-bit start and length.  A slot
 * of an extended type is a container: its first sector is an EBR whose
 * slots hold a logical partition (start relative to that EBR) and a link
 * to the next EBR (start relative to the container).  The numbering
 * follows Linux's msdos parser, so that hd0p6 here is sda6 there.
 */
#include "lib/mbr.h"
#include <stddef.h>

#define SECTOR 512
#define SLOTS_AT 446
#define SLOT_SIZE 16
#define NR_SLOTS 4
#define FIRST_LOGICAL 5

struct slot {
	uint8_t boot, type;
	uint32_t start, sectors;
};

struct walk {
	mbr_read_fn read;
	void *ctx;
	struct mbr_part *out;
	int max, n;
	const char *note;
	uint8_t next_logical;	/* the number the next logical partition gets */
	int nr_ebrs;		/* EBRs read so far, over all containers */
	uint64_t ebrs[MBR_MAX_LOGICAL];
	uint8_t sector[SECTOR];
};

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct slot slot(const uint8_t *sector, int i)
{
	const uint8_t *s = sector + SLOTS_AT + SLOT_SIZE * i;

	return (struct slot){ s[0], s[4], rd32(s + 8), rd32(s + 12) };
}

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static void leave_out(struct walk *w, const char *why)
{
	if (!w->note)
		w->note = why;
}

/* Reads a partition table's sector into w->sector; false (and a note) if
 * it cannot be read or lacks the 0x55AA signature. */
static bool read_table(struct walk *w, uint64_t lba, const char *no_signature)
{
	if (!w->read(w->ctx, lba, w->sector)) {
		leave_out(w, lba ? "cannot read a logical partition's table"
			  : "cannot read sector 0");
		return false;
	}
	if (w->sector[510] != 0x55 || w->sector[511] != 0xAA) {
		if (no_signature)
			leave_out(w, no_signature);
		return false;
	}
	return true;
}

static void add(struct walk *w, uint8_t number, uint8_t type, uint64_t start, uint64_t sectors)
{
	if (type == 0)
		return;
	if (w->n >= w->max) {
		leave_out(w, "more partitions than the table holds");
		return;
	}
	w->out[w->n++] = (struct mbr_part){ number, type, start, sectors };
}

static bool seen_ebr(const struct walk *w, uint64_t lba)
{
	for (int i = 0; i < w->nr_ebrs; i++)
		if (w->ebrs[i] == lba)
			return true;
	return false;
}

/* One EBR's logical partitions; returns the next EBR's sector, or 0 at the
 * chain's end.  Slots 2 and 3 often hold garbage: like Linux, we take them
 * only when they fit, and then they need no note and use no number. */
static uint64_t one_ebr(struct walk *w, uint64_t ebr, uint64_t ext_start, uint64_t ext_end)
{
	uint64_t next = 0;

	for (int i = 0; i < NR_SLOTS; i++) {
		struct slot s = slot(w->sector, i);
		uint64_t start = ebr + s.start, end = start + s.sectors;

		if (s.sectors == 0)
			continue;
		if (is_extended(s.type)) {
			if (next)
				continue;
			next = ext_start + s.start;
			if (s.start == 0 || next >= ext_end) {
				leave_out(w, "a logical partition's table lies outside its extended partition");
				return 0;
			}
			continue;
		}
		bool fits = s.start != 0 && end <= ext_end;
		if (i >= 2 && !fits)
			continue;
		uint8_t number = w->next_logical++;
		if (!fits)
			leave_out(w, s.start ? "a logical partition reaches outside its extended partition"
				  : "a logical partition overlaps its table");
		else
			add(w, number, s.type, start, s.sectors);
	}
	return next;
}

static void follow_chain(struct walk *w, uint64_t ext_start, uint64_t ext_end)
{
	for (uint64_t ebr = ext_start; ebr; ) {
		if (seen_ebr(w, ebr)) {
			leave_out(w, "a loop in the chain of logical partitions");
			return;
		}
		if (w->nr_ebrs == MBR_MAX_LOGICAL) {
			leave_out(w, "too many logical partitions");
			return;
		}
		w->ebrs[w->nr_ebrs++] = ebr;
		if (!read_table(w, ebr, "a logical partition's table has no 0x55AA signature"))
			return;
		ebr = one_ebr(w, ebr, ext_start, ext_end);
	}
}

int mbr_parse(mbr_read_fn read, void *ctx, uint64_t disk_sectors, struct mbr_part *out,
	      int max, const char **note)
{
	struct slot slots[NR_SLOTS];
	struct walk w = { .read = read, .ctx = ctx, .out = out,
			   .max = max, .next_logical = FIRST_LOGICAL };	/* about 1 KiB of stack */
	if (read_table(&w, 0, NULL)) {
		for (int i = 0; i < NR_SLOTS; i++) {
			slots[i] = slot(w.sector, i);
			if (slots[i].boot != 0 && slots[i].boot != 0x80) {
				leave_out(&w, "invalid boot flags: not a partition table");
				goto done;
			}
		}
		/* The primaries first, so that the list runs 1-4, then 5 on. */
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < NR_SLOTS; i++) {
				struct slot s = slots[i];
				uint64_t end = (uint64_t)s.start + s.sectors;

				if (s.type == 0 || s.sectors == 0 || is_extended(s.type) != pass)
					continue;
				if (s.start == 0)
					leave_out(&w, "a partition overlaps the partition table");
				else if (end > disk_sectors)
					leave_out(&w, "a partition lies past the end of the disk");
				else if (pass == 0)
					add(&w, i + 1, s.type, s.start, s.sectors);
				else
					follow_chain(&w, s.start, end);
			}
	}
done:
	if (note)
		*note = w.note;
	return w.n;
}
