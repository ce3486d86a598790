// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vblkbad:VARIANT -- a disk driver that breaks the rules of the
 * request chain, which the hypervisor must answer by killing this guest
 * with a reason naming the disk ("disk vda: ..."), and nothing else: the
 * ring and the buffers are ours, so the device must check every chain it
 * walks before it touches the disk.  After a normal start of vda
 * (lib/vblk.c) and one good read, we offer one bad request and kick:
 *   loop       descriptor 0 chains to itself
 *   long       every descriptor of the ring in one chain, the last
 *              pointing back to the first: longer than the ring
 *   addr       the data buffer of a read lies 64 MiB past our RAM
 *   hdr_addr   the header lies past our RAM
 *   len        the data buffer of a read is 0xffffffff bytes long
 *   hdr8       the header is 8 bytes, then the data and status
 *              (every header is 16 bytes, 24 on G1, whose 2.6.24 has no
 *              FLUSH: there nostatus and flush_write send one anyway)
 *   hdr_write  the header is device-writable (no readable bytes at all)
 *   nostatus   a flush of a header alone: no writable status byte
 *   status_ro  a write whose status byte is readable
 *   in_extra   a read with 512 readable bytes after its header
 *   out_write  a write with 512 writable bytes before its status
 *   flush_write a flush with 512 writable bytes before its status
 * and one the guest must survive:
 *   flood      64 KiB reads and writes, the ring kept full, back to back
 *              for 3 s and at least 2000 of them; every status OK.
 *              Beside it the benign guest must keep its pace.
 * If we are still alive 2 s after a bad kick, that is the FAIL verdict.
 */
#include "vblk.h"

#define DATA_PA (8u << 20)
#define HDR_LEN ((uint32_t)sizeof(struct vblk_outhdr))	/* 24 on G1, else 16 */
#define FLOOD_BYTES (64u << 10)
#define FLOOD_MIN 2000u
#define FLOOD_NS 3000000000ull		/* and for at least 3 s */
#define FLOOD_MAX_NS 30000000000ull
#define S VBLK_SECTOR

static struct vblk disk;
static struct vblk_req reqs[128];

static const char *flood(void)
{
	unsigned done = 0, sent = 0, writes = 0;
	uint64_t t0 = rdtsc();
	const char *why;

	while (done < FLOOD_MIN || tsc_to_ns(rdtsc() - t0) < FLOOD_NS) {
		CHECK(tsc_to_ns(rdtsc() - t0) < FLOOD_MAX_NS, "only %u requests in 30 s", done);
		/* Keep the ring full: three descriptors a request. */
		while (sent - done < 128 && disk.vq.num_free >= 3) {
			struct vblk_req *r = &reqs[sent % 128];
			bool out = !disk.ro && sent % 3 == 2;
			uint64_t sector = (sent * 128ull) % (disk.capacity - 128);
			struct vq_sg sg[3] = {
				{ __pa(&r->hdr), sizeof(r->hdr), false },
				{ DATA_PA, FLOOD_BYTES, !out },
				{ __pa(&r->status), 1, true },
			};
			vblk_header(r, out ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, sector);
			CHECK(vblk_submit(&disk, sg, 3, r), "the ring refused a request");
			sent++;
			writes += out;
		}
		const struct vblk_req *r;
		uint32_t used;
		while ((r = vblk_complete(&disk, &used, &why))) {
			CHECK(r->status == VIRTIO_BLK_S_OK, "request %u: status %u", done, r->status);
			done++;
		}
		if (why)
			return why;
		asm volatile("pause");
	}
	while (sent != done) {
		const struct vblk_req *r;
		uint32_t used;
		if ((r = vblk_complete(&disk, &used, &why)))
			done++;
		else if (why)
			return why;
	}
	say("flood: %u requests of 64 KiB (%u writes) in %u ms, every status 0", done, writes,
	    (unsigned)(tsc_to_ns(rdtsc() - t0) / 1000000));
	return NULL;
}

/* One request of the common shape, but with desc[] as given. */
static void offer(const struct vq_sg *sg, unsigned n)
{
	vblk_submit(&disk, sg, n, reqs);
}

const char *test_vblkbad(void)
{
	static const char *const variants[] = { "loop", "long", "addr", "hdr_addr", "len", "hdr8",
						"hdr_write", "nostatus", "status_ro", "in_extra",
						"out_write", "flush_write", "flood", NULL };
	const char *variant = current_test_arg ? current_test_arg : "";
	struct vblk_req *r = &reqs[0];
	uint32_t hdr = __pa(&r->hdr), st = __pa(&r->status), used;
	uint8_t status;
	const char *why;
	unsigned v;

	for (v = 0; variants[v] && strcmp(variant, variants[v]); v++)
		;
	if (!variants[v])
		return fail("unknown variant '%s'", variant);
	CHECK(ram_bytes >= DATA_PA + FLOOD_BYTES + (1u << 20), "needs mem=16M or more");
	if ((why = vblk_open(&disk, 0)) ||
	    (why = vblk_rw(&disk, VIRTIO_BLK_T_IN, 0, __va(DATA_PA), S, &status, &used)))
		return why;
	CHECK(status == VIRTIO_BLK_S_OK, "a good read: status %u", status);
	say("%s: attacking", variant);
	if (!strcmp(variant, "flood"))
		return flood();

	uint32_t beyond = ram_bytes + (64u << 20);
	if (!strcmp(variant, "loop") || !strcmp(variant, "long")) {
		vblk_header(r, VIRTIO_BLK_T_IN, 0);
		struct vring *vr = &disk.vq.vr;
		uint16_t n = !strcmp(variant, "loop") ? 1 : vr->num;
		for (uint16_t i = 0; i < n; i++)
			vr->desc[i] = (vring_desc_t){ i ? DATA_PA : hdr, i ? S : sizeof(r->hdr),
						      VRING_DESC_F_NEXT | (i ? VRING_DESC_F_WRITE : 0),
						      (uint16_t)((i + 1) % n) };
		uint16_t idx = disk.vq.avail_idx;
		vr->avail->ring[idx % vr->num] = 0;
		barrier();
		vr->avail->idx = (uint16_t)(idx + 1);
		vdev_kick(&disk.dev, 0);
	} else if (!strcmp(variant, "addr") || !strcmp(variant, "len")) {
		vblk_header(r, VIRTIO_BLK_T_IN, 0);
		bool len = !strcmp(variant, "len");
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false },
					{ len ? DATA_PA : beyond, len ? 0xFFFFFFFFu : S, true },
					{ st, 1, true } }, 3);
	} else if (!strcmp(variant, "hdr_addr")) {
		offer((struct vq_sg[]){ { beyond, HDR_LEN, false }, { DATA_PA, S, true },
					{ st, 1, true } }, 3);
	} else if (!strcmp(variant, "hdr8")) {
		vblk_header(r, VIRTIO_BLK_T_IN, 0);
		offer((struct vq_sg[]){ { hdr, 8, false }, { DATA_PA, S, true },
					{ st, 1, true } }, 3);
	} else if (!strcmp(variant, "hdr_write")) {
		vblk_header(r, VIRTIO_BLK_T_IN, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, true }, { DATA_PA, S, true },
					{ st, 1, true } }, 3);
	} else if (!strcmp(variant, "nostatus")) {
		vblk_header(r, VIRTIO_BLK_T_FLUSH, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false } }, 1);
	} else if (!strcmp(variant, "status_ro")) {
		vblk_header(r, VIRTIO_BLK_T_OUT, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false }, { DATA_PA, S, false },
					{ st, 1, false } }, 3);
	} else if (!strcmp(variant, "in_extra")) {
		vblk_header(r, VIRTIO_BLK_T_IN, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false }, { DATA_PA + S, S, false },
					{ DATA_PA, S, true }, { st, 1, true } }, 4);
	} else if (!strcmp(variant, "out_write")) {
		vblk_header(r, VIRTIO_BLK_T_OUT, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false }, { DATA_PA, S, false },
					{ DATA_PA + S, S, true }, { st, 1, true } }, 4);
	} else {	/* flush_write */
		vblk_header(r, VIRTIO_BLK_T_FLUSH, 0);
		offer((struct vq_sg[]){ { hdr, HDR_LEN, false }, { DATA_PA, S, true },
					{ st, 1, true } }, 3);
	}
	sleep_ns(1000000000);
	sleep_ns(1000000000);
	return fail("still alive after a bad request (%s), status %u", variant, r->status);
}
