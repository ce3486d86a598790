// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio-blk request parser over a fake guest memory: requests split
 * every way a driver splits them parse to the same type, sector and
 * lengths; chains that are no request (no header, no status byte, data
 * flowing the wrong way) are refused with the reason; and the checks
 * that only fail a request (past the end, straddling it, a write to a
 * read-only disk, a length that is not whole sectors, an unknown type)
 * give IOERR or UNSUPP.  A mistake here is a guest killed for a good
 * request, or a disk read or written outside itself.
 * sources: hv/devices/blk_request.c hv/devices/vring.c lib/string.c lib/fmt.c
 */
#include <stdint.h>
#include <string.h>
#include <linux/virtio_blk.h>
#include "check.h"
#include "hv/devices/blk_request.h"

#define NUM 16
#define MEM (64 * 1024)
#define HDR 0x8000	/* the header lives here, data after it */
#define DATA 0x9000
#define STATUS 0xF000

static uint8_t mem[MEM];
static struct gmem m = { mem, MEM };
static struct vq q;
static unsigned next_desc;

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	q = vq_legacy(NUM, 0);
	next_desc = 0;
}

static void header(uint32_t type, uint64_t sector)
{
	struct virtio_blk_outhdr h = { .type = type, .ioprio = 0, .sector = sector };
	memcpy(mem + HDR, &h, sizeof(h));
}

/* Appends a descriptor to the chain being built (linked to the next). */
static void link(uint32_t addr, uint32_t len, bool writable)
{
	struct vring_desc *d = (struct vring_desc *)mem + next_desc;
	*d = (struct vring_desc){ addr, len,
				  (uint16_t)(VRING_DESC_F_NEXT | (writable ? VRING_DESC_F_WRITE : 0)),
				  (uint16_t)(next_desc + 1) };
	next_desc++;
}

static uint32_t header_len = BLK_HEADER;	/* what the parser is told */

/* Ends the chain, offers it, pops it and parses it: the parser's verdict. */
static const char *parse(struct blk_req *r)
{
	static char why[96];
	struct vq_chain c;
	const char *error = NULL;
	uint16_t *avail = (uint16_t *)(mem + NUM * sizeof(struct vring_desc));

	((struct vring_desc *)mem)[next_desc - 1].flags &= (uint16_t)~VRING_DESC_F_NEXT;
	avail[2 + avail[1] % NUM] = 0;
	avail[1]++;
	if (!vq_pop(&m, &q, &c, &error))
		return error ? error : "nothing to pop";
	return blk_parse(&m, &q, &c, header_len, r, why, sizeof(why));
}

static void read_split_three_ways(void)
{
	struct blk_req r;

	/* Legacy: header, data, status, each its own descriptor. */
	reset();
	header(VIRTIO_BLK_T_IN, 7);
	link(HDR, 16, false);
	link(DATA, 4096, true);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.type, VIRTIO_BLK_T_IN);
	CHECK_EQ(r.sector, 7);
	CHECK_EQ(r.data_len, 4096);
	CHECK_EQ(r.status_off, 4096);
	CHECK_EQ(blk_check(&r, 100, false), VIRTIO_BLK_S_OK);

	/* Data and status in one writable descriptor, data in pieces. */
	reset();
	header(VIRTIO_BLK_T_IN, 0);
	link(HDR, 16, false);
	link(DATA, 512, true);
	link(DATA + 512, 1025, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.data_len, 1536);
	CHECK_EQ(r.status_off, 1536);

	/* The header split in two readable descriptors. */
	reset();
	header(VIRTIO_BLK_T_IN, 0x123456789ull);
	link(HDR, 8, false);
	link(HDR + 8, 8, false);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.sector, 0x123456789ull);
	CHECK_EQ(r.data_len, 0);
}

static void write_and_flush(void)
{
	struct blk_req r;

	reset();
	header(VIRTIO_BLK_T_OUT, 3);
	link(HDR, 16 + 1024, false);	/* header and data in one */
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.type, VIRTIO_BLK_T_OUT);
	CHECK_EQ(r.data_len, 1024);
	CHECK_EQ(r.status_off, 0);
	CHECK_EQ(blk_check(&r, 5, false), VIRTIO_BLK_S_OK);
	CHECK_EQ(blk_check(&r, 5, true), VIRTIO_BLK_S_IOERR);	/* read-only */
	CHECK_EQ(blk_check(&r, 4, false), VIRTIO_BLK_S_IOERR);	/* straddles the end */

	/* 2.6.3x's barrier bit on a write: a write all the same. */
	reset();
	header(VIRTIO_BLK_T_OUT | VIRTIO_BLK_T_BARRIER, 3);
	link(HDR, 16 + 512, false);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.type, VIRTIO_BLK_T_OUT);
	CHECK_EQ(blk_check(&r, 5, false), VIRTIO_BLK_S_OK);

	reset();
	header(VIRTIO_BLK_T_FLUSH, 0);
	link(HDR, 16, false);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(blk_check(&r, 5, true), VIRTIO_BLK_S_OK);
}

static void requests_that_only_fail(void)
{
	struct blk_req r = { .type = VIRTIO_BLK_T_IN, .sector = 10, .data_len = 512 };

	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_OK);
	CHECK_EQ(blk_check(&r, 10, false), VIRTIO_BLK_S_IOERR);
	r.sector = ~0ull;	/* sector + count would wrap */
	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_IOERR);
	r.sector = 0;
	r.data_len = 100;
	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_IOERR);
	r.data_len = 0;
	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_OK);
	r.type = VIRTIO_BLK_T_GET_ID;
	r.data_len = 20;
	CHECK_EQ(blk_check(&r, 11, true), VIRTIO_BLK_S_OK);
	r.type = 2;	/* SCSI pass-through, never offered */
	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_UNSUPP);

	/* An unknown type with data both ways still parses: UNSUPP, not a kill. */
	reset();
	header(2, 0);
	link(HDR, 16 + 32, false);
	link(DATA, 96 + 16 + 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(blk_check(&r, 11, false), VIRTIO_BLK_S_UNSUPP);
}

static void chains_that_are_no_request(void)
{
	struct blk_req r;
	const char *why;

	reset();
	header(VIRTIO_BLK_T_IN, 0);
	link(HDR, 8, false);
	link(STATUS, 1, true);
	why = parse(&r);
	CHECK(why && strstr(why, "header is 8 bytes"));

	reset();
	header(VIRTIO_BLK_T_OUT, 0);
	link(HDR, 16 + 512, false);
	why = parse(&r);
	CHECK(why && strstr(why, "no status byte"));

	reset();
	header(VIRTIO_BLK_T_IN, 0);
	link(HDR, 16 + 512, false);
	link(STATUS, 1, true);
	why = parse(&r);
	CHECK(why && strstr(why, "read request carries 512 bytes to write"));

	reset();
	header(VIRTIO_BLK_T_OUT, 0);
	link(HDR, 16, false);
	link(DATA, 512, true);
	link(STATUS, 1, true);
	why = parse(&r);
	CHECK(why && strstr(why, "write request offers 512 writable bytes"));

	reset();
	header(VIRTIO_BLK_T_FLUSH, 0);
	link(HDR, 16, false);
	link(DATA, 2, true);
	why = parse(&r);
	CHECK(why && strstr(why, "offers 1 writable bytes"));
}

/* 2.6.24's header has a u64 id after the sector: 24 bytes, and the data
 * starts after it; a 16-byte header is then too short. */
static void header_with_id(void)
{
	struct blk_req r;

	header_len = BLK_HEADER_WITH_ID;
	reset();
	header(VIRTIO_BLK_T_OUT, 9);
	link(HDR, 24, false);
	link(DATA, 512, false);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.type, VIRTIO_BLK_T_OUT);
	CHECK_EQ(r.sector, 9);
	CHECK_EQ(r.header_len, 24);
	CHECK_EQ(r.data_len, 512);

	reset();
	header(VIRTIO_BLK_T_IN, 9);
	link(HDR, 24, false);
	link(DATA, 1024, true);
	link(STATUS, 1, true);
	CHECK(parse(&r) == NULL);
	CHECK_EQ(r.data_len, 1024);

	reset();
	header(VIRTIO_BLK_T_IN, 9);
	link(HDR, 16, false);
	link(DATA, 1024, true);
	link(STATUS, 1, true);
	const char *why = parse(&r);
	CHECK(why && strstr(why, "not 24"));
	header_len = BLK_HEADER;
}

int main(void)
{
	RUN(read_split_three_ways);
	RUN(write_and_flush);
	RUN(header_with_id);
	RUN(requests_that_only_fail);
	RUN(chains_that_are_no_request);
	return 0;
}
