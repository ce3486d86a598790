// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vnetbad:VARIANT -- a network (or entropy) driver that breaks the
 * device's rules, and the frames a card may send but the switch must not
 * pass.  The rings and buffers are ours, so the device must check every
 * chain before it copies a byte; what is only a bad frame costs the
 * frame, what is a bad chain costs the guest.  The guest has two cards on
 * a switch of its own (eth1 is where frames for eth0 come from).  Killed,
 * with a reason naming the card or the device:
 *   tx_write   a transmit chain whose frame is device-writable
 *   tx_loop    a transmit descriptor chained to itself
 *   tx_addr    a transmit frame 64 MiB past our RAM
 *   rx_read    a receive chain with a readable buffer before its
 *              writable one; then eth1 broadcasts, so eth0 must take it
 *   rx_loop    a receive descriptor chained to itself (then a broadcast)
 *   rx_addr    a receive buffer past our RAM (then a broadcast)
 *   rng_read   an entropy buffer the device should read
 *   rng_loop   an entropy descriptor chained to itself
 * and survived:
 *   sizes      frames of 0 to 13 bytes, of 1519, 9000 and 65536 bytes,
 *              a header shorter than the header size and a header alone:
 *              each refused, its chain back with used length 0; then a
 *              good broadcast from eth0 reaches eth1
 *   flood:MAC  frames of 1518 bytes to MAC for 3 s, as fast as the ring
 *              takes them, every chain coming back; then END until MAC
 *              answers (a guest running sink)
 *   sink       a card that posts no receive buffers for 5 s while a
 *              flood comes at it: then it posts them and must get
 *              exactly the 32 oldest frames its port kept, a gap (the
 *              rest were dropped), and frames in order up to END, which
 *              it acknowledges
 * If we are still alive 2 s after a bad kick, that is the FAIL verdict.
 */
#include "vnet.h"
#include "vrng.h"

#define DATA_PA (8u << 20)
#define BIG (64u << 10)
#define T_FLOOD 0x88B9
#define FLOOD_NS 3000000000ull
#define SINK_NS 5000000000ull
#define TIMEOUT_NS 30000000000ull
#define QUEUED 32			/* the switch's per-port queue */

static struct vnet eth0, eth1;
static struct vrng rng;
static uint8_t frame[VNET_FRAME_MAX], rx[VNET_FRAME_MAX];
static const uint8_t BCAST_MAC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void header(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type,
		   uint32_t seq)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = (uint8_t)(type >> 8);
	f[13] = (uint8_t)type;
	memcpy(f + 14, &seq, 4);
}

/* A chain offered by hand on q, and the kick. */
static void offer(struct vnet *n, struct vqueue *q, unsigned qi, const struct vq_sg *sg,
		  unsigned cnt)
{
	vq_add(q, sg, cnt, frame);
	vdev_kick(&n->dev, qi);
}

/* Descriptor 0 of q chained to itself, offered and kicked. */
static void loop(struct vdev *d, struct vqueue *q, unsigned qi, bool write)
{
	struct vring *vr = &q->vr;

	vr->desc[0] = (vring_desc_t){ DATA_PA, 64, VRING_DESC_F_NEXT |
				      (write ? VRING_DESC_F_WRITE : 0), 0 };
	uint16_t idx = q->avail_idx;
	vr->avail->ring[idx % vr->num] = 0;
	barrier();
	vr->avail->idx = (uint16_t)(idx + 1);
	vdev_kick(d, qi);
}

static const char *broadcast_from_eth1(void)
{
	header(frame, BCAST_MAC, eth1.mac, 0x88B5, 0);
	memset(frame + 18, 0x42, 46);
	return vnet_send(&eth1, frame, 64);
}

static const char *sizes(void)
{
	static const uint32_t big[] = { 1519, 9000, BIG };
	uint32_t hdr = eth0.hdr_len, hpa = DATA_PA, fpa = DATA_PA + 4096;
	uint32_t len;
	const char *why;
	unsigned chains = 0;

	memset(__va(DATA_PA), 0, 4096 + BIG);
	header(__va(fpa), BCAST_MAC, eth0.mac, 0x88B5, 0);
	/* Frames too short to be Ethernet, then too long, then a short header. */
	for (uint32_t n = 0; n < VNET_FRAME_MIN; n++, chains++)
		offer(&eth0, &eth0.tx, VNET_TXQ, (struct vq_sg[]){ { hpa, hdr, false },
								   { fpa, n, false } }, n ? 2 : 1);
	for (unsigned k = 0; k < 3; k++, chains++)
		offer(&eth0, &eth0.tx, VNET_TXQ, (struct vq_sg[]){ { hpa, hdr, false },
								   { fpa, big[k], false } }, 2);
	offer(&eth0, &eth0.tx, VNET_TXQ, (struct vq_sg[]){ { hpa, 4, false } }, 1);
	chains++;
	uint64_t t0 = rdtsc();
	for (unsigned back = 0; back < chains;) {
		const void *t;
		uint32_t used;
		while ((t = vq_get(&eth0.tx, &used, &why))) {
			CHECK(used == 0, "a refused frame came back with used length %u", used);
			back++;
		}
		if (why)
			return why;
		CHECK(tsc_to_ns(rdtsc() - t0) < 5000000000ull, "%u of %u chains back in 5 s", back,
		      chains);
	}
	say("sizes: a header alone, frames of 1-13, 1519, 9000 and 65536 bytes and a 4-byte "
	    "header refused, %u chains back with used length 0", chains);
	if ((why = vnet_post_rx(&eth1, 8)))
		return why;
	header(frame, BCAST_MAC, eth0.mac, 0x88B5, 7);
	memset(frame + 18, 0x42, 46);
	if ((why = vnet_send(&eth0, frame, 64)) || (why = vnet_flush_tx(&eth0)))
		return why;
	int r;
	t0 = rdtsc();
	while (!(r = vnet_recv(&eth1, rx, &len, &why)))
		CHECK(tsc_to_ns(rdtsc() - t0) < 5000000000ull, "eth1 heard nothing in 5 s");
	if (r < 0)
		return why;
	CHECK(len == 64 && !memcmp(rx, frame, 64), "eth1 got %u bytes, not our broadcast", len);
	say("sizes: then a good broadcast from eth0 reached eth1");
	return NULL;
}

static const char *flood(const char *arg)
{
	uint8_t to[6];
	uint32_t seq = 0, len;
	const char *why;
	int r;

	CHECK(arg && vnet_parse_mac(arg, to), "usage: flood:MAC (12 hex digits)");
	if ((why = vnet_post_rx(&eth0, 8)))
		return why;
	uint64_t t0 = rdtsc();
	while (tsc_to_ns(rdtsc() - t0) < FLOOD_NS) {
		header(frame, to, eth0.mac, T_FLOOD, seq++);
		if ((why = vnet_send(&eth0, frame, VNET_FRAME_MAX)))
			return why;
	}
	if ((why = vnet_flush_tx(&eth0)))
		return why;
	say("flood: %u frames of %u bytes in %u ms, every chain back", seq, VNET_FRAME_MAX,
	    (unsigned)(tsc_to_ns(rdtsc() - t0) / 1000000));
	/* END (seq ~0) every 20 ms until the sink answers. */
	t0 = rdtsc();
	for (uint64_t last = 0;;) {
		uint64_t now = tsc_to_ns(rdtsc() - t0);
		CHECK(now < TIMEOUT_NS, "the sink did not answer END in 30 s");
		if (!last || now - last > 20000000) {
			last = now ? now : 1;
			header(frame, to, eth0.mac, T_FLOOD, ~0u);
			if ((why = vnet_send(&eth0, frame, 64)))
				return why;
		}
		if ((r = vnet_recv(&eth0, rx, &len, &why)) < 0)
			return why;
		if (r && !memcmp(rx + 6, to, 6))
			break;
	}
	say("flood: END acknowledged");
	return vnet_flush_tx(&eth0);
}

static const char *sink(void)
{
	uint32_t len, seq, next = 0, last = 0, more = 0;
	const char *why;
	int r;

	spin_ns(SINK_NS);	/* no receive buffers: the port queues, then drops */
	if ((why = vnet_post_rx(&eth0, VNET_BUFS)))
		return why;
	uint64_t t0 = rdtsc();
	for (;;) {
		CHECK(tsc_to_ns(rdtsc() - t0) < TIMEOUT_NS, "no END in 30 s (%u frames)", next + more);
		if ((r = vnet_recv(&eth0, rx, &len, &why)) < 0)
			return why;
		if (!r)
			continue;
		uint16_t t = (uint16_t)(rx[12] << 8 | rx[13]);
		CHECK(t == T_FLOOD, "a frame of type %#x", t);
		memcpy(&seq, rx + 14, 4);
		if (seq == ~0u)
			break;
		CHECK(len == VNET_FRAME_MAX, "frame %u: %u bytes", seq, len);
		if (next < QUEUED) {
			CHECK(seq == next, "queued frame %u has number %u", next, seq);
			next++;
		} else {
			CHECK(seq > (more ? last : QUEUED), "frame %u after %u (no gap, or out of "
			      "order)", seq, more ? last : QUEUED - 1);
			last = seq;
			more++;
		}
	}
	CHECK(next == QUEUED, "only %u frames were queued", next);
	header(frame, rx + 6, eth0.mac, T_FLOOD, 0);
	if ((why = vnet_send(&eth0, frame, 64)) || (why = vnet_flush_tx(&eth0)))
		return why;
	say("sink: 5 s without receive buffers, then the %u queued frames (0-%u), %s, and END",
	    QUEUED, QUEUED - 1, more ? "more after a gap" : "no more");
	return NULL;
}

const char *test_vnetbad(void)
{
	static const char *const variants[] = { "tx_write", "tx_loop", "tx_addr", "rx_read",
						"rx_loop", "rx_addr", "rng_read", "rng_loop",
						"sizes", "flood", "sink", NULL };
	const char *arg = current_test_arg ? current_test_arg : "";
	const char *colon = strchr(arg, ':');
	char variant[16];
	unsigned v;
	const char *why;

	memset(variant, 0, sizeof(variant));
	memcpy(variant, arg, colon ? (size_t)(colon - arg) < 15 ? (size_t)(colon - arg) : 15 :
	       strlen(arg) < 15 ? strlen(arg) : 15);
	for (v = 0; variants[v] && strcmp(variant, variants[v]); v++)
		;
	if (!variants[v])
		return fail("unknown variant '%s'", variant);
	CHECK(ram_bytes >= DATA_PA + 4096 + BIG + (1u << 20), "needs mem=16M or more");
	if (!strncmp(variant, "rng", 3)) {
		if ((why = vrng_open(&rng)))
			return why;
		say("%s: attacking", variant);
		if (!strcmp(variant, "rng_loop"))
			loop(&rng.dev, &rng.vq, 0, true);
		else {
			vq_add(&rng.vq, (struct vq_sg[]){ { DATA_PA, 64, false } }, 1, frame);
			vdev_kick(&rng.dev, 0);
		}
	} else {
		if ((why = vnet_open(&eth0, 0, 0)))
			return why;
		if (strcmp(variant, "flood") && strcmp(variant, "sink") &&
		    (why = vnet_open(&eth1, 1, 0)))
			return why;
		say("%s: attacking", variant);
		if (!strcmp(variant, "sizes"))
			return sizes();
		if (!strcmp(variant, "flood"))
			return flood(colon ? colon + 1 : NULL);
		if (!strcmp(variant, "sink"))
			return sink();
		uint32_t h = DATA_PA, f = DATA_PA + 64, beyond = ram_bytes + (64u << 20);
		header(__va(f), BCAST_MAC, eth0.mac, 0x88B5, 0);
		if (!strcmp(variant, "tx_write"))
			offer(&eth0, &eth0.tx, VNET_TXQ, (struct vq_sg[]){ { h, eth0.hdr_len, false },
									   { f, 100, true } }, 2);
		else if (!strcmp(variant, "tx_loop"))
			loop(&eth0.dev, &eth0.tx, VNET_TXQ, false);
		else if (!strcmp(variant, "tx_addr"))
			offer(&eth0, &eth0.tx, VNET_TXQ, (struct vq_sg[]){ { h, eth0.hdr_len, false },
									   { beyond, 100, false } }, 2);
		else {
			if (!strcmp(variant, "rx_read"))
				vq_add(&eth0.rx, (struct vq_sg[]){ { h, 100, false },
								   { f, 1600, true } }, 2, frame);
			else if (!strcmp(variant, "rx_loop"))
				loop(&eth0.dev, &eth0.rx, VNET_RXQ, true);
			else
				vq_add(&eth0.rx, (struct vq_sg[]){ { h, eth0.hdr_len, true },
								   { beyond, 1600, true } }, 2, frame);
			vdev_kick(&eth0.dev, VNET_RXQ);
			if ((why = broadcast_from_eth1()))
				return why;
		}
	}
	sleep_ns(1000000000);
	sleep_ns(1000000000);
	return fail("still alive after a bad chain (%s)", variant);
}
