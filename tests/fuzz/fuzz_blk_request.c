// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: virtio-blk requests whose every byte the guest controls.
 * The input is guest memory holding a 16-entry ring at 0; its last two
 * bytes choose the disk's size, whether it is read-only and whether the
 * request header is 2.6.24's 24 bytes or the usual 16.  For every
 * chain the parser accepts, what it says must hold (the status byte lies
 * inside the writable part, the data lengths add up), and a request the
 * check lets through must lie inside the disk: the transfer is then done
 * against a disk in memory, so ASan sees any byte outside it.
 * sources: hv/devices/blk_request.c hv/devices/vring.c lib/fmt.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_blk.h>
#include "hv/devices/blk_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint64_t sectors = data[size - 1] % 64;
	bool ro = data[size - 2] & 1;
	uint32_t hlen = data[size - 2] & 2 ? BLK_HEADER_WITH_ID : BLK_HEADER;
	uint8_t *mem = malloc(size);
	uint8_t *disk = malloc(sectors * BLK_SECTOR + 1);
	struct gmem m = { mem, (uint32_t)size };
	struct vq q = vq_legacy(16, 0);
	struct vq_chain c;
	struct blk_req r;
	const char *error;
	char why[96];

	memcpy(mem, data, size);
	if (vq_fits(&m, &q)) {
		for (int n = 0; n < 40 && vq_pop(&m, &q, &c, &error); n++) {
			if (blk_parse(&m, &q, &c, hlen, &r, why, sizeof(why))) {
				if (!why[0])
					abort();	/* a refusal always says why */
				continue;
			}
			if (c.readable < hlen || r.status_off >= c.writable)
				abort();
			uint8_t status = blk_check(&r, sectors, ro);
			if (status == VIRTIO_BLK_S_OK &&
			    (r.type == VIRTIO_BLK_T_IN || r.type == VIRTIO_BLK_T_OUT)) {
				uint64_t at = r.sector * BLK_SECTOR;
				if (r.data_len % BLK_SECTOR || at + r.data_len > sectors * BLK_SECTOR)
					abort();
				if (r.type == VIRTIO_BLK_T_OUT) {
					if (ro || r.data_len + hlen != c.readable)
						abort();
					vq_read(&m, &q, &c, hlen, disk + at, r.data_len);
				} else {
					if (r.data_len + 1 != c.writable)
						abort();
					vq_write_at(&m, &q, &c, 0, disk + at, r.data_len);
				}
			}
			vq_write_at(&m, &q, &c, r.status_off, &status, 1);
			vq_push(&m, &q, &c, 1);
		}
	}
	free(disk);
	free(mem);
	return 0;
}
