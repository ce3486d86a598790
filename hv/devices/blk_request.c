// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shape rules of a virtio-blk request (virtio 1.0 §5.2.6): the header
 * is read-only to the device, a read's data and the status byte are
 * write-only, a write's data read-only.  Legacy drivers put each part in
 * its own descriptor; later ones may merge them; both are one byte
 * stream per direction here.  For types we do not know (2.6.3x's SCSI
 * pass-through, say) only the header and the status byte are required:
 * such a request gets UNSUPP, never a kill.
 */
#include <linux/virtio_blk.h>
#include "hv/devices/blk_request.h"
#include "lib/fmt.h"
#include "lib/string.h"

static const char *wrong(char *why, uint32_t len, const char *fmt, uint32_t n)
{
	fmt_snprintf(why, len, fmt, n);
	return why;
}

const char *blk_parse(const struct gmem *m, const struct vq *q, const struct vq_chain *c,
		      uint32_t header_len, struct blk_req *r, char *why, uint32_t why_len)
{
	struct virtio_blk_outhdr h;

	memset(r, 0, sizeof(*r));
	r->header_len = header_len;
	if (c->readable < header_len)
		return wrong(why, why_len, header_len == BLK_HEADER ?
			     "request header is %u bytes, not 16" :
			     "request header is %u bytes, not 24", c->readable);
	if (c->writable < 1)
		return wrong(why, why_len, "request has no status byte to write (%u writable bytes)",
			     0);
	vq_read(m, q, c, 0, &h, sizeof(h));
	/* 2.6.3x marks ordered writes with the barrier bit even though the
	 * feature was never offered; requests here complete in order anyway
	 * (and the flushes around them come as requests of their own). */
	r->type = h.type & ~VIRTIO_BLK_T_BARRIER;
	r->sector = h.sector;
	r->status_off = c->writable - 1;
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_GET_ID:
		if (c->readable != header_len)
			return wrong(why, why_len, "read request carries %u bytes to write",
				     c->readable - header_len);
		r->data_len = c->writable - 1;
		break;
	case VIRTIO_BLK_T_OUT:
	case VIRTIO_BLK_T_FLUSH:
		if (c->writable != 1)
			return wrong(why, why_len, "write request offers %u writable bytes besides "
				     "its status", c->writable - 1);
		r->data_len = c->readable - header_len;
		break;
	}
	return NULL;
}

uint8_t blk_check(const struct blk_req *r, uint64_t sectors, bool ro)
{
	uint64_t count = r->data_len / BLK_SECTOR;

	switch (r->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		if (r->data_len % BLK_SECTOR)
			return VIRTIO_BLK_S_IOERR;
		if (r->sector > sectors || count > sectors - r->sector)
			return VIRTIO_BLK_S_IOERR;
		if (r->type == VIRTIO_BLK_T_OUT && ro)
			return VIRTIO_BLK_S_IOERR;
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_FLUSH:
		return r->data_len ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		return VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}
