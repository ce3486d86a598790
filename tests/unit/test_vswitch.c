// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual switches' forwarding rules (hv/devices/vswitch.c), one case
 * each: unicast to the owner of the destination only, broadcast and
 * multicast to every other port of the switch and no other switch, a
 * source MAC not the guest's own refused, unknown unicast to the uplink
 * only (dropped without one), addresses learned behind the uplink but a
 * guest's own never taken over, frames of bad size refused, a port's
 * queue of VSWITCH_QUEUE frames drained in order and then drops, and a
 * detached port forgotten.  A mistake here shows one guest another's
 * traffic.
 * sources: hv/devices/vswitch.c lib/fmt.c
 */
#include <stdarg.h>
#include <stdint.h>
#include "check.h"
#include "hv/devices/vswitch.h"
#include "tests/unit/host_frames.h"

void kprintf(const char *fmt, ...);
void kprintf(const char *fmt, ...) { (void)fmt; }

struct box {
	struct vport *p;
	bool full;			/* no receive buffers */
	bool breaks;			/* its ring is broken: it is stopped */
	unsigned n;
	uint8_t last[VSWITCH_FRAME_MAX];
	uint32_t last_len;
	uint8_t seqs[64];		/* byte 14 of each frame taken */
};

static bool deliver(struct vport *p, const uint8_t *frame, uint32_t len)
{
	struct box *b = p->owner;

	if (b->breaks) {
		vswitch_detach(p);	/* as a guest killed in the middle */
		return false;
	}
	if (b->full)
		return false;
	memcpy(b->last, frame, len);
	b->last_len = len;
	if (b->n < 64)
		b->seqs[b->n] = frame[14];
	b->n++;
	return true;
}

static const struct vport_ops ops = { .deliver = deliver };
static const uint8_t BC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MC[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

static void mac(uint8_t *m, int k) { memcpy(m, (uint8_t[6]){ 2, 0, 0, 0, 0, (uint8_t)k }, 6); }

static void plug(struct box *b, const char *sw, int k, bool uplink)
{
	uint8_t m[6];
	const char *why = NULL;

	memset(b, 0, sizeof(*b));
	mac(m, k);
	b->p = vswitch_attach(sw, m, uplink, &ops, b, "t", &why);
	CHECK(b->p != NULL);
}

static void unplug(struct box *b) { vswitch_detach(b->p); }

static uint32_t frame(uint8_t *f, const uint8_t *dst, int src, uint8_t seq, uint32_t len)
{
	memset(f, 0, len);
	memcpy(f, dst, 6);
	mac(f + 6, src);
	f[14 % len] = seq;
	return len;
}

static uint8_t f[2048], m3[6], m9[6];

static void unicast_to_owner_only(void)
{
	struct box a, b, c, x;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	plug(&c, "lan", 3, false);
	plug(&x, "dmz", 3, false);	/* the same MAC on another switch is fine */
	mac(m3, 3);
	vswitch_send(a.p, f, frame(f, m3, 1, 7, 60));
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.last_len, 60);
	CHECK(!memcmp(c.last, f, 60));
	CHECK_EQ(b.n + x.n + a.n, 0);
	CHECK_EQ(a.p->st.in_frames, 1);
	CHECK_EQ(c.p->st.out_frames, 1);
	/* To itself: nobody. */
	vswitch_send(c.p, f, frame(f, m3, 3, 7, 60));
	CHECK_EQ(a.n + b.n + c.n + x.n, 1);
	unplug(&a), unplug(&b), unplug(&c), unplug(&x);
}

static void broadcast_to_every_other_port(void)
{
	struct box a, b, c, x;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	plug(&c, "lan", 3, true);	/* the uplink too */
	plug(&x, "dmz", 4, false);
	vswitch_send(a.p, f, frame(f, BC, 1, 1, 64));
	vswitch_send(a.p, f, frame(f, MC, 1, 2, 64));
	CHECK_EQ(a.n, 0);
	CHECK_EQ(b.n, 2);
	CHECK_EQ(c.n, 2);
	CHECK_EQ(x.n, 0);
	unplug(&a), unplug(&b), unplug(&c), unplug(&x);
}

static void spoofed_source_refused(void)
{
	struct box a, b;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	mac(m9, 2);
	vswitch_send(a.p, f, frame(f, m9, 2, 1, 60));	/* as b, to b */
	vswitch_send(a.p, f, frame(f, BC, 5, 1, 60));	/* as a stranger, to all */
	CHECK_EQ(b.n, 0);
	CHECK_EQ(a.p->st.refused, 2);
	CHECK_EQ(a.p->st.in_frames, 0);
	unplug(&a), unplug(&b);
}

static void bad_sizes_refused(void)
{
	struct box a, b;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	vswitch_send(a.p, f, frame(f, BC, 1, 1, 13));
	vswitch_send(a.p, f, frame(f, BC, 1, 1, VSWITCH_FRAME_MAX + 1));
	CHECK_EQ(b.n, 0);
	CHECK_EQ(a.p->st.refused, 2);
	vswitch_send(a.p, f, frame(f, BC, 1, 1, 14));
	vswitch_send(a.p, f, frame(f, BC, 1, 1, VSWITCH_FRAME_MAX));
	CHECK_EQ(b.n, 2);
	unplug(&a), unplug(&b);
}

static void unknown_unicast_to_uplink_only(void)
{
	struct box a, b, u;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	mac(m9, 9);
	vswitch_send(a.p, f, frame(f, m9, 1, 1, 60));	/* no uplink: dropped */
	CHECK_EQ(b.n, 0);
	plug(&u, "lan", 0, true);
	vswitch_send(a.p, f, frame(f, m9, 1, 1, 60));
	CHECK_EQ(u.n, 1);
	CHECK_EQ(b.n, 0);
	/* 9 answers from behind the uplink, and is learned there. */
	mac(m3, 1);
	vswitch_send(u.p, f, frame(f, m3, 9, 2, 60));
	CHECK_EQ(a.n, 1);
	vswitch_send(b.p, f, frame(f, m9, 2, 3, 60));
	CHECK_EQ(u.n, 2);
	CHECK_EQ(a.n, 1);
	/* A frame from the wire claiming a's MAC does not take a's traffic. */
	vswitch_send(u.p, f, frame(f, BC, 1, 4, 60));
	vswitch_send(b.p, f, frame(f, m3, 2, 5, 60));
	CHECK_EQ(a.n, 3);
	CHECK_EQ(u.n, 2);
	unplug(&u);
	/* The uplink gone, what was learned on it is forgotten. */
	vswitch_send(b.p, f, frame(f, m9, 2, 6, 60));
	CHECK_EQ(a.n, 3);
	unplug(&a), unplug(&b);
}

static void queue_then_drops(void)
{
	struct box a, b;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	b.full = true;
	mac(m3, 2);
	for (int i = 0; i < VSWITCH_SHARE + 10; i++)
		vswitch_send(a.p, f, frame(f, m3, 1, (uint8_t)i, 100));
	CHECK_EQ(b.n, 0);
	CHECK(vswitch_queued(b.p));
	CHECK_EQ(b.p->st.dropped, 10);	/* a's share is full */
	b.full = false;
	vswitch_send(a.p, f, frame(f, m3, 1, 99, 100));	/* behind the queue, not before it */
	CHECK_EQ(b.p->st.dropped, 11);
	vswitch_drain(b.p);
	CHECK_EQ(b.n, VSWITCH_SHARE);
	for (int i = 0; i < VSWITCH_SHARE; i++)
		CHECK_EQ(b.seqs[i], i);
	CHECK(!vswitch_queued(b.p));
	vswitch_send(a.p, f, frame(f, m3, 1, 77, 100));
	CHECK_EQ(b.n, VSWITCH_SHARE + 1);
	CHECK_EQ(b.seqs[VSWITCH_SHARE], 77);
	unplug(&a), unplug(&b);
}

/* One sender filling a port's queue leaves room for the others. */
static void flooder_keeps_to_its_share(void)
{
	struct box a, b, c;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	plug(&c, "lan", 3, false);
	b.full = true;
	mac(m3, 2);
	for (int i = 0; i < VSWITCH_QUEUE; i++)
		vswitch_send(a.p, f, frame(f, m3, 1, (uint8_t)i, 100));
	CHECK_EQ(b.p->st.dropped, VSWITCH_QUEUE - VSWITCH_SHARE);
	for (int i = 0; i < 5; i++)
		vswitch_send(c.p, f, frame(f, m3, 3, (uint8_t)(200 + i), 100));
	CHECK_EQ(b.p->st.dropped, VSWITCH_QUEUE - VSWITCH_SHARE);	/* c's all queued */
	b.full = false;
	vswitch_drain(b.p);
	CHECK_EQ(b.n, VSWITCH_SHARE + 5);
	CHECK_EQ(b.seqs[VSWITCH_SHARE], 200);
	CHECK_EQ(b.seqs[VSWITCH_SHARE + 4], 204);
	unplug(&a), unplug(&b), unplug(&c);
}

/* A port whose owner is stopped while a frame is offered to it takes
 * nothing more: the frame is not queued into its freed queue. */
static void owner_stopped_during_delivery(void)
{
	struct box a, b, c;

	plug(&a, "lan", 1, false);
	plug(&b, "lan", 2, false);
	plug(&c, "lan", 3, false);
	b.breaks = true;
	vswitch_send(a.p, f, frame(f, BC, 1, 1, 100));
	CHECK(!b.p->used);
	CHECK_EQ(c.n, 1);	/* the broadcast still reached the others */
	mac(m3, 2);
	vswitch_send(a.p, f, frame(f, m3, 1, 2, 100));	/* b's MAC is nobody's now */
	CHECK_EQ(c.n, 1);
	unplug(&a), unplug(&c);
}

static void duplicate_mac_and_detach(void)
{
	struct box a, b, c;
	const char *why = NULL;
	uint8_t m[6];

	plug(&a, "lan", 1, false);
	mac(m, 1);
	CHECK(vswitch_attach("lan", m, false, &ops, &b, "t", &why) == NULL);
	CHECK(why && strstr(why, "MAC"));
	plug(&b, "lan", 2, false);
	b.full = true;
	vswitch_send(a.p, f, frame(f, BC, 1, 1, 60));
	CHECK(vswitch_queued(b.p));
	unplug(&b);
	/* Detached: nothing reaches it, and its address is free again. */
	mac(m3, 2);
	vswitch_send(a.p, f, frame(f, m3, 1, 2, 60));
	plug(&c, "lan", 2, false);
	CHECK(!vswitch_queued(c.p));
	vswitch_send(a.p, f, frame(f, m3, 1, 3, 60));
	CHECK_EQ(c.n, 1);
	CHECK_EQ(c.seqs[0], 3);
	CHECK_EQ(b.n, 0);
	unplug(&a), unplug(&c);
}

int main(void)
{
	RUN(unicast_to_owner_only);
	RUN(broadcast_to_every_other_port);
	RUN(spoofed_source_refused);
	RUN(bad_sizes_refused);
	RUN(unknown_unicast_to_uplink_only);
	RUN(queue_then_drops);
	RUN(flooder_keeps_to_its_share);
	RUN(owner_stopped_during_delivery);
	RUN(duplicate_mac_and_detach);
	return 0;
}
