// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a disk's partition tables, every byte hostile.  The input
 * is the start of a disk image (sector i = bytes 512*i on), parsed twice:
 * as a 512 MiB disk whose unwritten sectors read as zeros, and as a disk
 * exactly the input's size whose further sectors cannot be read.  Every
 * partition reported must lie on the disk, past sector 0, and be numbered
 * as Linux would; the reads must stay bounded whatever the chain does.
 * sources: lib/mbr.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/mbr.h"

struct image {
	const uint8_t *data;
	size_t size;
	bool sparse;	/* past the data: zeros (true) or a read error */
	int reads;
};

static bool read_image(void *ctx, uint64_t lba, uint8_t sector[512])
{
	struct image *im = ctx;
	uint64_t at = lba * 512;

	im->reads++;
	memset(sector, 0, 512);
	if (at >= im->size)
		return im->sparse;
	memcpy(sector, im->data + at, im->size - at < 512 ? im->size - at : 512);
	return true;
}

static void parse_and_check(struct image *im, uint64_t disk_sectors, int max)
{
	struct mbr_part parts[80];
	const char *note = "unset";
	int n = mbr_parse(read_image, im, disk_sectors, parts, max, &note);

	if (n < 0 || n > max || im->reads > 1 + MBR_MAX_LOGICAL)
		abort();
	if (note && !*note)
		abort();
	for (int i = 0; i < n; i++) {
		const struct mbr_part *p = &parts[i];
		if (p->type == 0 || p->start == 0 || p->sectors == 0 ||
		    p->start + p->sectors > disk_sectors)
			abort();
		/* 1-4 rising, then 5 on rising: no number twice. */
		if (i > 0 && p->number <= parts[i - 1].number)
			abort();
		if (p->number < 1 || p->number > 4 + MBR_MAX_LOGICAL)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image sparse = { data, size, true, 0 };
	struct image exact = { data, size, false, 0 };

	parse_and_check(&sparse, 1u << 20, 80);
	parse_and_check(&exact, (size + 511) / 512, 8);
	return 0;
}
