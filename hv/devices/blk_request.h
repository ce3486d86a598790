/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading one virtio-blk request out of a descriptor chain, trusting none
 * of it.  A request is a header the guest wrote (type, priority, sector;
 * 16 bytes, or 24 with 2.6.24's request id after them), then the data, then one status byte for us to write, split
 * across descriptors however the guest likes.  Two kinds of wrong:
 * a chain that is not a request at all (no header, no status byte, data
 * flowing the wrong way) breaks the device's rules and kills the guest;
 * a well-formed request the disk cannot do (past the end, a write to a
 * read-only disk) only fails, with a status the guest sees as an I/O
 * error.  Pure logic over guest memory, for the unit tests and fuzzers.
 */
#ifndef HV_DEVICES_BLK_REQUEST_H
#define HV_DEVICES_BLK_REQUEST_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/vring.h"

#define BLK_SECTOR 512u
#define BLK_HEADER 16u
#define BLK_HEADER_WITH_ID 24u	/* 2.6.24: a u64 id follows the sector */

struct blk_req {
	uint32_t type;		/* VIRTIO_BLK_T_* */
	uint32_t header_len;	/* BLK_HEADER or BLK_HEADER_WITH_ID */
	uint64_t sector;
	/* Data bytes: after the header for a write, before the status for
	 * a read (or the ID). */
	uint32_t data_len;
	/* Where the status byte goes: this far into the writable part. */
	uint32_t status_off;
};

/* Fills r from chain c, whose header is header_len bytes.  NULL, or why
 * the chain is no request at all (written into why, and returned). */
const char *blk_parse(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		      uint32_t header_len, struct blk_req *r, char *why, uint32_t why_len);

/* The status a parsed request ends with before any transfer: OK when the
 * disk should do it, IOERR when it asks the impossible of a disk of
 * `sectors` sectors (read-only if ro), UNSUPP for types we do not know. */
uint8_t blk_check(const struct blk_req *r, uint64_t sectors, bool ro);

#endif
