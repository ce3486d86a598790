// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vblk[:restart|:crash|:verify] -- the guest's disks (virtio-blk,
 * lib/vblk.c) as the hypervisor promises them, on the transport of the
 * generation.  tests/integration/test_disk.py gives us disk images whose
 * sector i begins "LGHV sector <i>\n" and continues with bytes
 * (31 i + offset) & 0xff, and asserts every line we print.  On each disk
 * vda, vdb, ... we find:
 *   1. where it is (device page offset or PCI slot), its queue and IRQ;
 *      capacity, seg_max, blk_size, config size; the features offered and
 *      taken, read-only or not; its ID (GET_ID);
 *   2. reads: the first and last sectors, 64 KiB in one request, a request
 *      of seg_max one-sector segments, data cut into odd-sized segments,
 *      data and status in one writable buffer, the header in two pieces:
 *      every byte checked against the pattern, every used length exact;
 *   3. writes (read-write disks): 8 sectors, and 4 more with header and
 *      data in one buffer, each read back; a write to a read-only disk
 *      fails with IOERR and leaves the sector as it was;
 *   4. FLUSH; and the requests that must fail without killing us: reads
 *      past the end, straddling it, at sectors whose byte offset wraps
 *      around 2^64, of a length that is not whole sectors, an unknown
 *      request type (UNSUPP);
 *   5. that the queue's interrupt arrived.
 * G1-G4 (2.6.24-2.6.30) know no FLUSH and never send one; G1 (2.6.24) no
 * GET_ID or read-only feature either: it skips those, and a read-only disk
 * would look writable to it (the integration test gives it two writable
 * ones).
 * With :restart, the first life also writes a marker into vda and asks
 * for a restart; with :crash it makes an unknown hypercall instead and is
 * killed.  Run either with on_crash=restart, so that the next life comes
 * and its command line says lghv.restarts=1; the second life finds the
 * marker and the first life's writes still there: a module disk lives as
 * long as the machine, not the guest.  :verify only does those checks: on
 * real disks, the next boot of the machine must find them too.
 */
#include "vblk.h"

#define DATA_PA (8u << 20)		/* our big buffers: 1 MiB from 8 MiB */
#define DATA_BYTES (1u << 20)
#define BIG_SECTORS 128u		/* 64 KiB */
#define WRITE_AT 100u
#define WRITE2_AT 200u
#define BADLEN_AT 300u
#define MARKER_AT 3u
#define S_OK VIRTIO_BLK_S_OK
#define S_IOERR VIRTIO_BLK_S_IOERR
#define S_UNSUPP VIRTIO_BLK_S_UNSUPP

static struct vblk disks[VBLK_MAX];
static unsigned nr_disks;
static uint8_t *data;

/* Byte j of sector i: as the host wrote it (salt 0), or as we write it. */
static unsigned prefix(char *out, uint64_t i, unsigned salt)
{
	return (unsigned)(salt ? snprintf(out, 64, "LGHV written %u G%d\n", (unsigned)i, LG_GEN) :
			  snprintf(out, 64, "LGHV sector %u\n", (unsigned)i));
}

static void fill_sector(uint8_t *p, uint64_t i, unsigned salt)
{
	char pre[64];
	unsigned n = prefix(pre, i, salt);

	memcpy(p, pre, n);
	for (unsigned j = n; j < VBLK_SECTOR; j++)
		p[j] = (uint8_t)(31 * i + j + salt);
}

static const char *check_sectors(const char *name, const uint8_t *p, uint64_t first,
				 unsigned count, unsigned salt)
{
	static uint8_t want[VBLK_SECTOR];

	for (unsigned s = 0; s < count; s++) {
		fill_sector(want, first + s, salt);
		for (unsigned j = 0; j < VBLK_SECTOR; j++)
			CHECK(p[s * VBLK_SECTOR + j] == want[j],
			      "%s: sector %u byte %u is %#x, expected %#x", name,
			      (unsigned)(first + s), j, p[s * VBLK_SECTOR + j], want[j]);
	}
	return NULL;
}

/* A request of the common shape that must end with status and used. */
static const char *expect(struct vblk *b, uint32_t type, uint64_t sector, void *buf,
			  uint32_t len, uint8_t status, uint32_t used, const char *what)
{
	uint8_t st;
	uint32_t u;
	const char *why = vblk_rw(b, type, sector, buf, len, &st, &u);

	if (why)
		return why;
	CHECK(st == status && u == used, "%s: %s: status %u, used %u; expected status %u, "
	      "used %u", b->name, what, st, u, status, used);
	return NULL;
}

static const char *read_ok(struct vblk *b, uint64_t sector, unsigned count, unsigned salt)
{
	const char *why;

	memset(data, 0xAA, count * VBLK_SECTOR);
	if ((why = expect(b, VIRTIO_BLK_T_IN, sector, data, count * VBLK_SECTOR, S_OK,
			  count * VBLK_SECTOR + 1, "read")))
		return why;
	return check_sectors(b->name, data, sector, count, salt);
}

static const char *describe(struct vblk *b)
{
	struct vdev *d = &b->dev;
	static char id[VIRTIO_BLK_ID_BYTES + 1];
	uint8_t st;
	uint32_t used;
	const char *why;

#if LG_PCI
	say("%s: 00:%02x.0, %u queue of %u, IRQ %u", b->name, d->pci.slot, d->nr_vq, b->vq.num,
	    d->irq[0]);
#else
	say("%s: device page +%u, %u queue of %u, IRQ %u", b->name, d->desc_off, d->nr_vq,
	    b->vq.num, d->irq[0]);
#endif
	say("%s: capacity %llu sectors, seg_max %u, blk_size %u, config %u bytes", b->name,
	    (unsigned long long)b->capacity, b->seg_max, b->blk_size, vdev_config_len(d));
	say("%s: features offered %#llx, accepted %#llx, %s", b->name,
	    (unsigned long long)d->host_features, (unsigned long long)d->guest_features,
	    b->ro ? "read-only" : "read-write");
#if LG_TLV_DEVICES
	(void)id, (void)st, (void)used, (void)why;
	say("%s: id: none asked, 2.6.24 has no GET_ID", b->name);
#else
	memset(id, 0, sizeof(id));
	if ((why = vblk_rw(b, VIRTIO_BLK_T_GET_ID, 0, id, VIRTIO_BLK_ID_BYTES, &st, &used)))
		return why;
	id[VIRTIO_BLK_ID_BYTES] = '\0';
	say("%s: id \"%s\", status %u, used %u", b->name, id, st, used);
#endif
	return NULL;
}

static const char *reads(struct vblk *b)
{
	static struct vblk_req r;
	struct vq_sg sg[BIG_SECTORS + 2];
	uint64_t last = b->capacity - 1;
	uint32_t used;
	const char *why;

	CHECK(b->capacity >= 2 * BIG_SECTORS, "%s: %llu sectors, too small for the test",
	      b->name, (unsigned long long)b->capacity);
	if ((why = read_ok(b, 0, 1, 0)) || (why = read_ok(b, last, 1, 0)))
		return why;
	say("%s: sectors 0 and %llu read: pattern ok", b->name, (unsigned long long)last);
	if ((why = read_ok(b, 0, BIG_SECTORS, 0)))
		return why;
	say("%s: sectors 0-%u in one request of %u KiB: pattern ok", b->name, BIG_SECTORS - 1,
	    BIG_SECTORS / 2);

	/* seg_max one-sector segments, scattered backwards over the buffer. */
	unsigned segs = b->seg_max < BIG_SECTORS ? b->seg_max : BIG_SECTORS;
	vblk_header(&r, VIRTIO_BLK_T_IN, 8);
	sg[0] = (struct vq_sg){ __pa(&r.hdr), sizeof(r.hdr), false };
	for (unsigned s = 0; s < segs; s++)
		sg[1 + s] = (struct vq_sg){ DATA_PA + (segs - 1 - s) * VBLK_SECTOR, VBLK_SECTOR,
					    true };
	sg[1 + segs] = (struct vq_sg){ __pa(&r.status), 1, true };
	memset(data, 0xAA, segs * VBLK_SECTOR);
	if ((why = vblk_run(b, sg, segs + 2, &used)))
		return why;
	CHECK(r.status == S_OK && used == segs * VBLK_SECTOR + 1,
	      "%s: %u segments: status %u, used %u", b->name, segs, r.status, used);
	for (unsigned s = 0; s < segs; s++)
		if ((why = check_sectors(b->name, data + (segs - 1 - s) * VBLK_SECTOR, 8 + s, 1, 0)))
			return why;
	say("%s: %u sectors from 8 in %u one-sector segments (%u descriptors): pattern ok",
	    b->name, segs, segs, segs + 2);

	/* 8 sectors in segments of odd sizes. */
	static const uint32_t cut[] = { 100, 412, 1536, 1000, 1048 };
	uint32_t off = 0;
	vblk_header(&r, VIRTIO_BLK_T_IN, 40);
	for (unsigned s = 0; s < 5; s++) {
		sg[1 + s] = (struct vq_sg){ DATA_PA + off, cut[s], true };
		off += cut[s];
	}
	sg[6] = (struct vq_sg){ __pa(&r.status), 1, true };
	memset(data, 0xAA, off);
	if ((why = vblk_run(b, sg, 7, &used)))
		return why;
	CHECK(r.status == S_OK && used == off + 1, "%s: odd segments: status %u, used %u",
	      b->name, r.status, used);
	if ((why = check_sectors(b->name, data, 40, 8, 0)))
		return why;
	say("%s: 8 sectors from 40 in segments of 100, 412, 1536, 1000 and 1048 bytes: "
	    "pattern ok, used %u", b->name, used);

	/* Data and status in one writable buffer; then the header in two. */
	vblk_header(&r, VIRTIO_BLK_T_IN, 60);
	sg[1] = (struct vq_sg){ DATA_PA, 2 * VBLK_SECTOR + 1, true };
	memset(data, 0xAA, 2 * VBLK_SECTOR + 1);
	if ((why = vblk_run(b, sg, 2, &used)))
		return why;
	CHECK(data[2 * VBLK_SECTOR] == S_OK && used == 2 * VBLK_SECTOR + 1,
	      "%s: data and status in one buffer: status %u, used %u", b->name,
	      data[2 * VBLK_SECTOR], used);
	if ((why = check_sectors(b->name, data, 60, 2, 0)))
		return why;
	say("%s: 2 sectors from 60 with data and status in one descriptor: pattern ok, used %u",
	    b->name, used);
	vblk_header(&r, VIRTIO_BLK_T_IN, 70);
	sg[0] = (struct vq_sg){ __pa(&r.hdr), 4, false };
	sg[1] = (struct vq_sg){ __pa(&r.hdr) + 4, sizeof(r.hdr) - 4, false };
	sg[2] = (struct vq_sg){ DATA_PA, VBLK_SECTOR, true };
	sg[3] = (struct vq_sg){ __pa(&r.status), 1, true };
	if ((why = vblk_run(b, sg, 4, &used)))
		return why;
	CHECK(r.status == S_OK && used == VBLK_SECTOR + 1, "%s: split header: status %u, used %u",
	      b->name, r.status, used);
	if ((why = check_sectors(b->name, data, 70, 1, 0)))
		return why;
	say("%s: sector 70 with the header in two descriptors (4 + 12 bytes): pattern ok",
	    b->name);
	return NULL;
}

static const char *writes(struct vblk *b)
{
	static uint8_t one[VBLK_SECTOR];
	const char *why;
	uint32_t used;

	if (b->ro) {
		if ((why = expect(b, VIRTIO_BLK_T_OUT, WRITE_AT, one, VBLK_SECTOR, S_IOERR, 1,
				  "write to a read-only disk")) || (why = read_ok(b, WRITE_AT, 1, 0)))
			return why;
		say("%s: write to the read-only disk: status 1, used 1; sector %u unchanged",
		    b->name, WRITE_AT);
		return NULL;
	}
	for (unsigned s = 0; s < 8; s++)
		fill_sector(data + s * VBLK_SECTOR, WRITE_AT + s, 1);
	if ((why = expect(b, VIRTIO_BLK_T_OUT, WRITE_AT, data, 8 * VBLK_SECTOR, S_OK, 1, "write")) ||
	    (why = read_ok(b, WRITE_AT, 8, 1)) || (why = read_ok(b, WRITE_AT - 1, 1, 0)) ||
	    (why = read_ok(b, WRITE_AT + 8, 1, 0)))
		return why;
	say("%s: sectors %u-%u written (status 0, used 1) and read back; their neighbours "
	    "unchanged", b->name, WRITE_AT, WRITE_AT + 7);

	/* Header and data in one readable buffer, status on its own. */
	struct vblk_req *r = (struct vblk_req *)data;
	struct vq_sg sg[2];
	vblk_header(r, VIRTIO_BLK_T_OUT, WRITE2_AT);
	for (unsigned s = 0; s < 4; s++)
		fill_sector(data + sizeof(r->hdr) + s * VBLK_SECTOR, WRITE2_AT + s, 1);
	static uint8_t status;
	status = 0xEE;
	sg[0] = (struct vq_sg){ DATA_PA, sizeof(r->hdr) + 4 * VBLK_SECTOR, false };
	sg[1] = (struct vq_sg){ __pa(&status), 1, true };
	if ((why = vblk_run(b, sg, 2, &used)))
		return why;
	CHECK(status == S_OK && used == 1, "%s: header and data in one buffer: status %u, used %u",
	      b->name, status, used);
	if ((why = read_ok(b, WRITE2_AT, 4, 1)))
		return why;
	say("%s: sectors %u-%u written with header and data in one descriptor, read back",
	    b->name, WRITE2_AT, WRITE2_AT + 3);

	/* 700 bytes: not whole sectors; nothing may be written. */
	memset(data, 0x5A, 1024);
	if ((why = expect(b, VIRTIO_BLK_T_OUT, BADLEN_AT, data, 700, S_IOERR, 1,
			  "a write of 700 bytes")) || (why = read_ok(b, BADLEN_AT, 2, 0)))
		return why;
	say("%s: write of 700 bytes: status 1, used 1; sectors %u-%u unchanged", b->name,
	    BADLEN_AT, BADLEN_AT + 1);
	return NULL;
}

static const char *errors(struct vblk *b)
{
	uint64_t cap = b->capacity;
	const char *why;

#if LG_GEN < 5
	say("%s: flush: none sent, %s has no FLUSH", b->name, LG_TLV_DEVICES ? "2.6.24" :
	    "2.6.25-2.6.30");
#else
	if ((why = expect(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0, S_OK, 1, "flush")))
		return why;
	say("%s: flush: status 0, used 1", b->name);
#endif
	if ((why = expect(b, VIRTIO_BLK_T_IN, cap, data, VBLK_SECTOR, S_IOERR, 1,
			  "a read past the end")) ||
	    (why = expect(b, VIRTIO_BLK_T_IN, cap - 1, data, 2 * VBLK_SECTOR, S_IOERR, 1,
			  "a read straddling the end")) ||
	    (why = expect(b, VIRTIO_BLK_T_IN, 1ull << 55, data, VBLK_SECTOR, S_IOERR, 1,
			  "a read at sector 2^55")) ||
	    (why = expect(b, VIRTIO_BLK_T_IN, ~0ull, data, VBLK_SECTOR, S_IOERR, 1,
			  "a read at sector 2^64 - 1")))
		return why;
	say("%s: reads at sector %llu (past the end), %llu + 2 (straddling), 2^55 and "
	    "2^64 - 1: status 1, used 1", b->name, (unsigned long long)cap,
	    (unsigned long long)(cap - 1));
	if ((why = expect(b, VIRTIO_BLK_T_OUT, cap, data, VBLK_SECTOR, S_IOERR, 1,
			  "a write past the end")))
		return why;
	say("%s: write at sector %llu (past the end): status 1, used 1", b->name,
	    (unsigned long long)cap);
	if ((why = expect(b, VIRTIO_BLK_T_IN, 0, data, 100, S_IOERR, 1, "a read of 100 bytes")))
		return why;
	say("%s: read of 100 bytes: status 1, used 1", b->name);
	if ((why = expect(b, 0x55, 0, NULL, 0, S_UNSUPP, 1, "type 0x55")))
		return why;
	say("%s: request type 0x55: status 2, used 1", b->name);
	return read_ok(b, 0, 1, 0);	/* still working */
}

/* The restart case, first life: a marker at MARKER_AT, then a restart
 * (:restart) or a crash (:crash, an unknown hypercall). */
static const char *write_marker(struct vblk *b, bool crash)
{
	const char *why;

	fill_sector(data, MARKER_AT, 2);
	if ((why = expect(b, VIRTIO_BLK_T_OUT, MARKER_AT, data, VBLK_SECTOR, S_OK, 1, "marker")) ||
	    (why = read_ok(b, MARKER_AT, 1, 2)))
		return why;
	say("%s: marker written at sector %u; %s", b->name, MARKER_AT,
	    crash ? "crashing" : "restarting");
	if (crash)
		hcall(99, 0, 0, 0, 0);
	else
		lg_shutdown("lgtest vblk restart", LGUEST_SHUTDOWN_RESTART);
	return fail("still alive after %s", crash ? "hypercall 99" : "SHUTDOWN(RESTART)");
}

/* ... second life (or, with :verify, the next boot of a machine whose
 * disks are real): everything the first one wrote is still there. */
static const char *after_restart(const char *when)
{
	const char *why;

	for (unsigned k = 0; k < nr_disks; k++) {
		struct vblk *b = &disks[k];
		if (b->ro) {
			if ((why = read_ok(b, MARKER_AT, 1, 0)) || (why = read_ok(b, WRITE_AT, 8, 0)))
				return why;
			say("%s: %s: read-only disk unchanged", b->name, when);
			continue;
		}
		if ((why = read_ok(b, WRITE_AT, 8, 1)) || (why = read_ok(b, WRITE2_AT, 4, 1)) ||
		    (why = read_ok(b, BADLEN_AT, 2, 0)))
			return why;
		if (k == 0 && (why = read_ok(b, MARKER_AT, 1, 2)))
			return why;
		say("%s: %s: %sthe first life's writes are there", b->name, when,
		    k == 0 ? "the marker and " : "");
	}
	return NULL;
}

const char *test_vblk(void)
{
	static char lives_s[16];
	unsigned lives = 0;
	const char *why;
	const char *arg = current_test_arg ? current_test_arg : "";
	bool crash = !strcmp(arg, "crash"), verify = !strcmp(arg, "verify");
	bool restart = crash || !strcmp(arg, "restart");

	CHECK(!*arg || restart || verify, "unknown variant '%s'", arg);
	CHECK(ram_bytes >= DATA_PA + DATA_BYTES, "needs mem=16M or more");
	data = __va(DATA_PA);
	if (cmdline_value("lghv.restarts", lives_s, sizeof(lives_s)))
		for (const char *p = lives_s; *p >= '0' && *p <= '9'; p++)
			lives = lives * 10 + (unsigned)(*p - '0');
	for (nr_disks = 0; nr_disks < VBLK_MAX; nr_disks++)
		if (vblk_open(&disks[nr_disks], nr_disks))
			break;
	CHECK(nr_disks, "no disk: %s", vblk_open(&disks[0], 0));
	say("life %u: %u disk%s", lives + 1, nr_disks, nr_disks == 1 ? "" : "s");
	if (verify)
		return after_restart("on this boot");
	if (restart && lives) {
		static char when[32];
		snprintf(when, sizeof(when), "after restart %u", lives);
		return after_restart(when);
	}
	for (unsigned k = 0; k < nr_disks; k++) {
		struct vblk *b = &disks[k];
		if ((why = describe(b)) || (why = reads(b)) || (why = writes(b)) ||
		    (why = errors(b)))
			return why;
		CHECK(b->irqs, "%s: no interrupt on IRQ %u in %u kicks", b->name, b->dev.irq[0],
		      b->kicks);
		say("%s: interrupts arrived on IRQ %u", b->name, b->dev.irq[0]);
	}
	if (restart) {
		CHECK(!disks[0].ro, "vda is read-only: no room for the restart marker");
		return write_marker(&disks[0], crash);
	}
	return NULL;
}
