// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the virtual switches (hv/devices/vswitch.c) under any
 * sequence of attaches, detaches, frames and drains a set of guests and
 * uplinks could produce, with frames, sizes and MACs from the input.  The
 * switch is what keeps one guest's traffic from another, so after every
 * step we check what it must never do:
 *  - deliver a frame to its sender, or to a port that was detached;
 *  - hand one unicast frame to more than one port, or to a guest whose
 *    MAC is not the destination; miss a guest that owns it; give a frame
 *    from a guest with a foreign source MAC, or of a bad size, to anyone;
 *  - send a broadcast to anything but every other port of its switch;
 *  - let a port's queue grow past VSWITCH_QUEUE, lose count of a frame
 *    (each one offered is delivered, queued or counted dropped), or
 *    reorder a port's frames.
 * One uplink a switch at most, as the hypervisor has one card.
 * sources: hv/devices/vswitch.c lib/fmt.c
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hv/devices/vswitch.h"
#include "tests/unit/host_frames.h"

#define OWNERS 8
#define SWITCHES 3

void kprintf(const char *fmt, ...);
void kprintf(const char *fmt, ...)
{
	(void)fmt;
}

struct owner {
	struct vport *p;	/* NULL: detached */
	uint16_t id;		/* this attachment's number, in every frame it sends */
	int sw;
	bool uplink;
	uint8_t mac[6];
	uint32_t room;		/* frames it takes before it says "full" */
	uint64_t offered;	/* frames the switch gave, queued or dropped for it */
	uint64_t got;		/* delivered */
	uint32_t last_serial;
};

static struct owner owners[OWNERS];
static uint16_t next_id;
static uint32_t serial;
static bool sending;
static uint16_t sender;
static int delivered_to[OWNERS];	/* during one send, direct deliveries */

static const char *const names[SWITCHES] = { "s0", "s1", "s2" };

static void die(const char *why)
{
	fprintf(stderr, "fuzz_vswitch: %s\n", why);
	abort();
}

static bool deliver(struct vport *p, const uint8_t *frame, uint32_t len)
{
	struct owner *o = p->owner;
	uint16_t from = (uint16_t)(frame[12] << 8 | frame[13]);

	if (o < owners || o >= owners + OWNERS || o->p != p || !p->used)
		die("a frame for a detached port");
	if (len < VSWITCH_FRAME_MIN || len > VSWITCH_FRAME_MAX)
		die("a frame of a bad size delivered");
	if (from == o->id)
		die("a frame delivered to its sender");
	if (!o->uplink && !(frame[0] & 1) && memcmp(frame, o->mac, 6))
		die("a guest got a unicast frame for another MAC");
	if (!o->room)
		return false;
	if (len >= 18) {
		uint32_t s;
		memcpy(&s, frame + 14, 4);
		if (s <= o->last_serial)
			die("frames out of order");
		o->last_serial = s;
	}
	o->room--;
	o->got++;
	if (sending)
		delivered_to[o - owners]++;
	return true;
}

static const struct vport_ops ops = { .deliver = deliver };

static void check_counts(void)
{
	for (int k = 0; k < OWNERS; k++) {
		struct owner *o = &owners[k];
		if (!o->p)
			continue;
		uint32_t queued = o->p->q_head - o->p->q_tail;
		if (queued > VSWITCH_QUEUE)
			die("a queue longer than VSWITCH_QUEUE");
		if (o->p->st.out_frames != o->got)
			die("out_frames does not count the deliveries");
		if (o->got + queued + o->p->st.dropped != o->offered)
			die("a frame lost without being counted");
	}
}

static struct owner *guest_with(int sw, const uint8_t *mac)
{
	for (int k = 0; k < OWNERS; k++)
		if (owners[k].p && !owners[k].uplink && owners[k].sw == sw &&
		    !memcmp(owners[k].mac, mac, 6))
			return &owners[k];
	return NULL;
}

static bool has_uplink(int sw)
{
	for (int k = 0; k < OWNERS; k++)
		if (owners[k].p && owners[k].uplink && owners[k].sw == sw)
			return true;
	return false;
}

static void attach(struct owner *o, const uint8_t *in)
{
	const char *why = NULL;

	if (o->p)
		return;
	o->sw = in[0] % SWITCHES;
	o->uplink = (in[0] & 0x80) && !has_uplink(o->sw);
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(in[1] & 7) };
	memcpy(o->mac, mac, 6);
	bool taken = !o->uplink && guest_with(o->sw, mac);
	o->p = vswitch_attach(names[o->sw], mac, o->uplink, &ops, o, "fuzz", &why);
	if (taken && o->p)
		die("a second guest port with the same MAC on one switch");
	if (!taken && !o->p)
		die(why ? why : "attach failed");
	o->id = ++next_id;
	o->room = in[2] % 40;
	o->offered = o->got = 0;
	o->last_serial = 0;
}

static void detach(struct owner *o)
{
	if (o->p)
		vswitch_detach(o->p);
	o->p = NULL;
}

static void send(struct owner *o, const uint8_t *in, size_t n)
{
	static uint8_t frame[2048];
	static const uint8_t group[2][6] = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
					     { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } };
	uint64_t before[OWNERS];
	uint32_t len = (uint32_t)(in[0] | in[1] << 8) % 1600;

	if (!o->p)
		return;
	if (in[2] & 0x40)
		len = VSWITCH_FRAME_MIN + in[2] % 8;
	memset(frame, 0, sizeof(frame));
	for (uint32_t j = 0; j < len && j < n; j++)
		frame[j] = in[j];
	/* Destination: a group address, one of the guests' MACs, or our own. */
	uint8_t sel = in[3] % 10;
	if (sel < 2)
		memcpy(frame, group[sel], 6);
	else if (sel < 9)
		memcpy(frame, (uint8_t[6]){ 0x02, 0, 0, 0, 0, (uint8_t)(sel - 2) }, 6);
	else
		memcpy(frame, o->mac, 6);
	/* Source: our own, unless the input spoofs one. */
	if (in[4] & 0x80)
		memcpy(frame + 6, (uint8_t[6]){ 0x02, 0, 0, 0, 0, (uint8_t)(in[4] & 7) }, 6);
	else
		memcpy(frame + 6, o->mac, 6);
	frame[12] = (uint8_t)(o->id >> 8);
	frame[13] = (uint8_t)o->id;
	if (len >= 18) {
		serial++;
		memcpy(frame + 14, &serial, 4);
	}

	for (int k = 0; k < OWNERS; k++) {
		delivered_to[k] = 0;
		before[k] = owners[k].p ? owners[k].p->q_head + owners[k].p->st.dropped : 0;
	}
	uint64_t refused = o->p->st.refused;
	sending = true;
	sender = o->id;
	vswitch_send(o->p, frame, len);
	sending = false;

	bool bad = len < VSWITCH_FRAME_MIN || len > VSWITCH_FRAME_MAX ||
		   (!o->uplink && memcmp(frame + 6, o->mac, 6));
	if (bad != (o->p->st.refused != refused))
		die("refused the wrong frame");
	const uint8_t *dst = frame;
	struct owner *owner = bad || (dst[0] & 1) ? NULL : guest_with(o->sw, dst);
	int receivers = 0;
	for (int k = 0; k < OWNERS; k++) {
		struct owner *r = &owners[k];
		if (!r->p)
			continue;
		uint64_t got = delivered_to[k] + (r->p->q_head + r->p->st.dropped - before[k]);
		if (got > 1)
			die("one frame given twice to a port");
		r->offered += got;
		receivers += (int)got;
		if (!got)
		{
			/* Who must have got it. */
			if (bad || r == o || r->sw != o->sw)
				continue;
			if (dst[0] & 1)
				die("a broadcast missed a port of its switch");
			if (r == owner)
				die("a unicast frame missed the guest with its MAC");
			if (r->uplink && !owner && !o->uplink)
				die("a frame for an unknown MAC missed the uplink");
			continue;
		}
		if (bad)
			die("a refused frame went somewhere");
		if (r == o)
			die("a frame went back to its sender");
		if (r->sw != o->sw)
			die("a frame crossed to another switch");
		if (!(dst[0] & 1) && !r->uplink && r != owner)
			die("a unicast frame to a guest that does not own its MAC");
		if (!(dst[0] & 1) && owner && r != owner)
			die("a unicast frame for a guest went elsewhere too");
	}
	if (!(dst[0] & 1) && receivers > 1)
		die("a unicast frame delivered to more than one port");
}

static void drain(struct owner *o, uint8_t room)
{
	if (!o->p)
		return;
	o->room = room % 48;
	vswitch_drain(o->p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(owners, 0, sizeof(owners));
	for (size_t i = 0; i + 8 <= size;) {
		const uint8_t *in = data + i;
		struct owner *o = &owners[in[0] % OWNERS];
		switch ((in[0] >> 3) % 6) {
		case 0: case 1: attach(o, in + 1); i += 4; break;
		case 2: detach(o); i += 1; break;
		case 3: case 4: {
			uint32_t len = (uint32_t)(in[1] | in[2] << 8) % 1600;
			size_t n = size - i - 1;
			send(o, in + 1, n);
			i += 6 + (len < n ? len / 64 : 0);
			break;
		}
		default: drain(o, in[1]); i += 2; break;
		}
		check_counts();
	}
	for (int k = 0; k < OWNERS; k++)
		detach(&owners[k]);
	return 0;
}
