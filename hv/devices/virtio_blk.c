// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block device.  A kick takes requests off the ring and does them at
 * once, the data copied straight between the guest and an image, or
 * through a bounce buffer to a real drive; the guest sees each one
 * complete only when its backing is done with it.  So that
 * one guest flooding its disk cannot hold the CPU for long, a kick (and
 * each later poll) moves at most BUDGET bytes; the rest waits for the run
 * loop, which comes back soon (g->disk_more).
 *
 * A chain that is no request kills the guest; a request the disk cannot
 * do ends with IOERR (and a line on the console when the drive failed).
 */
#include <linux/virtio_blk.h>
#include <linux/virtio_ids.h>
#include "hv/devices/virtio_blk.h"
#include "hv/devices/blk_request.h"
#include "hv/guest.h"
#include "lib/log.h"
#include "lib/string.h"

#define QUEUE_MAX 256
#define SEG_MAX 128		/* data descriptors a request may use */
#define BOUNCE (64u << 10)
#define BUDGET (1u << 20)	/* bytes per kick or poll */

static uint8_t bounce[BOUNCE] __attribute__((aligned(16)));

static struct vblk *vblk_of(struct vdev *d) { return (struct vblk *)d; }

static const char *kind_name(uint32_t type)
{
	return type == VIRTIO_BLK_T_IN ? "read" : type == VIRTIO_BLK_T_OUT ? "write" : "flush";
}

static uint8_t failed(struct guest *g, struct vblk *v, const struct blk_req *r, const char *why)
{
	kprintf("hv: guest %s: disk %s (%s): %s of %u sectors at %llu failed: %s\n", g->name,
		v->name, v->disk.label, kind_name(r->type), r->data_len / BLK_SECTOR,
		(unsigned long long)r->sector, why);
	v->errors++;
	return VIRTIO_BLK_S_IOERR;
}

/* Moves a checked read or write through the bounce buffer; the status,
 * and in *in the bytes it wrote into the guest. */
static uint8_t transfer(struct guest *g, struct vblk *v, const struct gmem *m,
			const struct vq_chain *c, const struct blk_req *r, uint32_t *in)
{
	struct vq *q = &v->dev.vq[0];
	bool write = r->type == VIRTIO_BLK_T_OUT;
	uint8_t *direct = disk_direct(&v->disk, r->sector);

	if (direct && write)
		vq_read(m, q, c, r->header_len, direct, r->data_len);
	else if (direct)
		*in = vq_write_at(m, q, c, 0, direct, r->data_len);
	for (uint32_t done = 0; !direct && done < r->data_len;) {
		uint32_t n = r->data_len - done < BOUNCE ? r->data_len - done : BOUNCE;
		uint64_t sector = r->sector + done / BLK_SECTOR;
		const char *why;
		if (write) {
			vq_read(m, q, c, r->header_len + done, bounce, n);
			why = disk_write(&v->disk, sector, n / BLK_SECTOR, bounce);
		} else {
			why = disk_read(&v->disk, sector, n / BLK_SECTOR, bounce);
			if (!why)
				*in += vq_write_at(m, q, c, done, bounce, n);
		}
		if (why)
			return failed(g, v, r, why);
		done += n;
	}
	if (write)
		v->bytes_out += r->data_len;
	else
		v->bytes_in += r->data_len;
	return VIRTIO_BLK_S_OK;
}

/* Does one well-formed request; its status, and in *in the data bytes
 * written into the guest. */
static uint8_t perform(struct guest *g, struct vblk *v, const struct gmem *m,
		       const struct vq_chain *c, const struct blk_req *r, uint32_t *in)
{
	uint8_t status = blk_check(r, v->disk.sectors, v->disk.ro);
	char id[VIRTIO_BLK_ID_BYTES];

	*in = 0;
	if (status != VIRTIO_BLK_S_OK)
		return status;
	switch (r->type) {
	case VIRTIO_BLK_T_GET_ID:
		memset(id, 0, sizeof(id));
		memcpy(id, v->disk.label, strnlen(v->disk.label, sizeof(id)));
		*in = vq_write_at(m, &v->dev.vq[0], c, 0, id,
				  r->data_len < sizeof(id) ? r->data_len : sizeof(id));
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_FLUSH: {
		const char *why = v->disk.ro ? NULL : disk_flush(&v->disk);
		return why ? failed(g, v, r, why) : VIRTIO_BLK_S_OK;
	}
	default:
		return transfer(g, v, m, c, r, in);
	}
}

/* Requests off the ring until it is empty or budget bytes have moved;
 * true if some may be left. */
static bool work(struct guest *g, struct vblk *v, uint32_t budget)
{
	struct gmem m = vdev_memory(g);
	struct vq *q = &v->dev.vq[0];
	const char *error = NULL;
	uint32_t moved = 0;
	bool used = false;
	char why[96];

	uint32_t header_len = g->gen->blk_header_has_id ? BLK_HEADER_WITH_ID : BLK_HEADER;

	if (!v->dev.vq_enabled[0])
		return false;
	if (!vdev_ring_fits(g, &m, q, "disk", v->name))
		return false;
	while (moved < budget) {
		struct vq_chain c;
		struct blk_req r;
		uint32_t in;
		if (!vq_pop(&m, q, &c, &error)) {
			v->kicked = false;
			break;
		}
		if (blk_parse(&m, q, &c, header_len, &r, why, sizeof(why))) {
			guest_kill(g, "disk %s: %s", v->name, why);
			return false;
		}
		uint8_t status = perform(g, v, &m, &c, &r, &in);
		vq_write_at(&m, q, &c, r.status_off, &status, 1);
		vq_push(&m, q, &c, in + 1);
		v->requests++;
		moved += r.data_len + BLK_SECTOR;	/* a request costs something even empty */
		used = true;
	}
	if (error) {
		guest_kill(g, "disk %s ring: %s", v->name, error);
		return false;
	}
	if (used)
		vdev_used(g, &v->dev, 0);
	return v->kicked;
}

void vblk_poll(struct guest *g)
{
	bool more = false;

	for (uint32_t i = 0; i < g->nr_disks && guest_alive(g); i++)
		if (g->disks[i].kicked)
			more |= work(g, &g->disks[i], BUDGET);
	g->disk_more = more && guest_alive(g);
}

static void kick(struct guest *g, struct vdev *d, uint32_t q)
{
	struct vblk *v = vblk_of(d);

	v->kicked = true;
	if (work(g, v, BUDGET))
		g->disk_more = true;
}

static void reset(struct guest *g, struct vdev *d)
{
	vblk_of(d)->kicked = false;
}

/* struct virtio_blk_config up to blk_size: capacity, size_max (none),
 * seg_max, geometry (none), blk_size. */
static void config_read(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			uint32_t len)
{
	struct vblk *v = vblk_of(d);
	struct virtio_blk_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.capacity = v->disk.sectors;
	cfg.seg_max = SEG_MAX;
	cfg.blk_size = BLK_SECTOR;
	memcpy(buf, (const uint8_t *)&cfg + off, len);
}

#define CONFIG_LEN (offsetof(struct virtio_blk_config, blk_size) + sizeof(uint32_t))
#define FEATURES ((1ull << VIRTIO_BLK_F_SEG_MAX) | (1ull << VIRTIO_BLK_F_BLK_SIZE) | \
		  (1ull << VIRTIO_BLK_F_FLUSH))

/* 2.6.24 finds the capacity as field 0x41 and the segment limit as 0x43. */
static const struct vdev_tlv_field tlv_fields[] = {
	{ 0x41, 8, offsetof(struct virtio_blk_config, capacity) },
	{ 0x43, 4, offsetof(struct virtio_blk_config, seg_max) },
};

const struct vdev_model vblk_model = {
	.name = "block",
	.id = VIRTIO_ID_BLOCK,
	.pci_class = 0x018000,	/* mass storage controller, other */
	.nr_queues = 1,
	.queue_max = QUEUE_MAX,
	.features = FEATURES,
	.legacy_features = FEATURES,
	.config_len = CONFIG_LEN,
	.legacy_config_len = CONFIG_LEN,
	.tlv_fields = tlv_fields,
	.nr_tlv_fields = sizeof(tlv_fields) / sizeof(tlv_fields[0]),
	.config_read = config_read,
	.config_write = vdev_config_ignore,
	.kick = kick,
	.reset = reset,
};

void vblk_init(struct vblk *v, const char *name, const struct disk_backing *b)
{
	memset(v, 0, sizeof(*v));
	v->dev.model = &vblk_model;
	v->dev.own_features = b->ro ? 1ull << VIRTIO_BLK_F_RO : 0;
	memcpy(v->name, name, strnlen(name, sizeof(v->name) - 1));
	v->disk = *b;
}
