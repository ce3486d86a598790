// SPDX-License-Identifier: GPL-2.0-only
/*
 * The switches' tables: a fixed pool of ports with their queues, and per
 * switch a small table of addresses: a guest port's own MAC, entered when
 * it attaches (a guest may send only from it), and the addresses seen
 * behind the uplink, learned from their frames and replaced oldest first.
 * Everything is bounded and nothing waits.
 */
#include "hv/devices/vswitch.h"
#include "mm/frames.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

/* Per switch: every guest's own address (up to a card from each of the
 * 64 guest slots) and some room for addresses behind the uplink. */
#define LEARNED 96

struct learned {
	uint8_t mac[6];
	int port;		/* -1: free */
	bool own;		/* a port's own address: never replaced */
};

struct vswitch {
	char name[VSWITCH_NAME_MAX];	/* "": unused */
	struct learned table[LEARNED];
	uint32_t victim;
};

static struct vswitch switches[VSWITCH_MAX];
static struct vport ports[VSWITCH_PORTS];
/* A port's queue, frames and their lengths and senders, lives in memory
 * of its own, taken when it attaches (the image has no room for every
 * port's): the table above is all a port costs while unused. */
struct port_queue {
	uint16_t len[VSWITCH_QUEUE];
	uint8_t from[VSWITCH_QUEUE];	/* the sender's port */
	uint8_t frame[VSWITCH_QUEUE][VSWITCH_FRAME_MAX];
};
_Static_assert(VSWITCH_PORTS <= 256, "a sender's port must fit port_queue.from");
#define QUEUE_PAGES ((sizeof(struct port_queue) + FRAME_SIZE - 1) / FRAME_SIZE)
static struct port_queue *queue[VSWITCH_PORTS];

static int port_index(const struct vport *p) { return (int)(p - ports); }

static int find_switch(const char *name, bool make)
{
	int free = -1;

	for (int i = 0; i < VSWITCH_MAX; i++) {
		if (switches[i].name[0] && !strcmp(switches[i].name, name))
			return i;
		if (!switches[i].name[0] && free < 0)
			free = i;
	}
	if (!make || free < 0)
		return -1;
	memset(&switches[free], 0, sizeof(switches[free]));
	fmt_snprintf(switches[free].name, sizeof(switches[free].name), "%s", name);
	for (int j = 0; j < LEARNED; j++)
		switches[free].table[j].port = -1;
	return free;
}

static struct learned *lookup(struct vswitch *s, const uint8_t *mac)
{
	for (int i = 0; i < LEARNED; i++)
		if (s->table[i].port >= 0 && !memcmp(s->table[i].mac, mac, 6))
			return &s->table[i];
	return NULL;
}

/* Source address mac was seen on port: remember it (a port's own address
 * is never moved to another port). */
static void learn(struct vswitch *s, const uint8_t *mac, int port, bool own)
{
	struct learned *e = lookup(s, mac);

	if (mac[0] & 1)
		return;		/* a group address is no one's */
	if (e) {
		if (!e->own)
			e->port = port;
		e->own |= own;
		return;
	}
	for (int tries = 0; tries < LEARNED; tries++) {
		e = &s->table[s->victim++ % LEARNED];
		if (e->port < 0 || !e->own)
			break;
	}
	if (e->own)
		return;		/* all taken by ports' own addresses */
	memcpy(e->mac, mac, 6);
	e->port = port;
	e->own = own;
}

struct vport *vswitch_attach(const char *name, const uint8_t mac[6], bool uplink,
			     const struct vport_ops *ops, void *owner, const char *label,
			     const char **why)
{
	int s = find_switch(name, true);

	if (s < 0) {
		*why = "no room for another switch";
		return NULL;
	}
	const struct learned *e = uplink ? NULL : lookup(&switches[s], mac);
	if (e && e->own) {
		*why = "another card on the switch has that MAC";
		return NULL;
	}
	for (int i = 0; i < VSWITCH_PORTS; i++) {
		struct vport *p = &ports[i];
		if (p->used)
			continue;
		uint32_t pa = frames_alloc_contig(QUEUE_PAGES, 1);
		if (!pa) {
			*why = "no memory for another switch port's queue";
			return NULL;
		}
		queue[i] = (struct port_queue *)(uintptr_t)pa;
		memset(p, 0, sizeof(*p));
		p->used = true;
		p->sw = s;
		p->ops = ops;
		p->owner = owner;
		p->uplink = uplink;
		memcpy(p->mac, mac, 6);
		fmt_snprintf(p->label, sizeof(p->label), "%s", label);
		if (!uplink)
			learn(&switches[s], mac, i, true);
		return p;
	}
	*why = "no room for another switch port";
	return NULL;
}

void vswitch_detach(struct vport *p)
{
	struct vswitch *s = &switches[p->sw];
	bool others = false;

	for (int i = 0; i < LEARNED; i++)
		if (s->table[i].port == port_index(p)) {
			s->table[i].port = -1;
			s->table[i].own = false;
		}
	p->used = false;
	frames_free_contig((uint32_t)(uintptr_t)queue[port_index(p)], QUEUE_PAGES);
	queue[port_index(p)] = NULL;
	for (int i = 0; i < VSWITCH_PORTS; i++)
		others |= ports[i].used && ports[i].sw == p->sw;
	if (!others)
		s->name[0] = '\0';	/* the last port gone: the switch too */
}

bool vswitch_queued(const struct vport *p)
{
	return p->q_head != p->q_tail;
}

void vswitch_drain(struct vport *p)
{
	int i = port_index(p);

	while (p->used && vswitch_queued(p)) {
		uint32_t slot = p->q_tail % VSWITCH_QUEUE;
		if (!p->ops->deliver(p, queue[i]->frame[slot], queue[i]->len[slot]))
			return;
		p->st.out_frames++;
		p->st.out_bytes += queue[i]->len[slot];
		p->q_tail++;
	}
}

/* How many of the frames waiting for port i came from port from. */
static uint32_t queued_from(const struct vport *p, int i, int from)
{
	uint32_t n = 0;

	for (uint32_t q = p->q_tail; q != p->q_head; q++)
		n += queue[i]->from[q % VSWITCH_QUEUE] == from;
	return n;
}

/* One frame from port from for port p: straight to its owner if nothing
 * waits before it and the owner has room, else into its queue within the
 * sender's share, else dropped. */
static void offer(struct vport *p, const uint8_t *frame, uint32_t len, int from)
{
	int i = port_index(p);

	if (!vswitch_queued(p) && p->ops->deliver(p, frame, len)) {
		p->st.out_frames++;
		p->st.out_bytes += len;
		return;
	}
	/* The owner may have broken its ring and been stopped by deliver():
	 * the port is gone, and its queue with it. */
	if (!p->used)
		return;
	if (p->q_head - p->q_tail == VSWITCH_QUEUE || queued_from(p, i, from) >= VSWITCH_SHARE) {
		p->st.dropped++;
		return;
	}
	uint32_t slot = p->q_head++ % VSWITCH_QUEUE;
	memcpy(queue[i]->frame[slot], frame, len);
	queue[i]->len[slot] = (uint16_t)len;
	queue[i]->from[slot] = (uint8_t)from;
}

void vswitch_send(struct vport *from, const uint8_t *frame, uint32_t len)
{
	struct vswitch *s = &switches[from->sw];
	const uint8_t *dst = frame, *src = frame + 6;

	if (len < VSWITCH_FRAME_MIN || len > VSWITCH_FRAME_MAX) {
		from->st.refused++;
		return;
	}
	/* A guest speaks only as itself: with any other source it could
	 * draw frames meant for someone else. */
	if (!from->uplink && memcmp(src, from->mac, 6)) {
		from->st.refused++;
		return;
	}
	from->st.in_frames++;
	from->st.in_bytes += len;
	if (from->uplink)
		learn(s, src, port_index(from), false);
	if (!(dst[0] & 1)) {
		const struct learned *e = lookup(s, dst);
		if (e && e->port != port_index(from)) {
			offer(&ports[e->port], frame, len, port_index(from));
			return;
		}
		if (e)
			return;		/* for the sender itself */
		for (int i = 0; i < VSWITCH_PORTS; i++)
			if (ports[i].used && ports[i].sw == from->sw && ports[i].uplink &&
			    &ports[i] != from)
				offer(&ports[i], frame, len, port_index(from));
		return;
	}
	for (int i = 0; i < VSWITCH_PORTS; i++)
		if (ports[i].used && ports[i].sw == from->sw && &ports[i] != from)
			offer(&ports[i], frame, len, port_index(from));
}

void vswitch_list(void)
{
	bool any = false;

	for (int s = 0; s < VSWITCH_MAX; s++) {
		if (!switches[s].name[0])
			continue;
		any = true;
		kprintf("hv: switch %s:\n", switches[s].name);
		for (int i = 0; i < VSWITCH_PORTS; i++) {
			const struct vport *p = &ports[i];
			if (!p->used || p->sw != s)
				continue;
			kprintf("hv:   %-16s %02x:%02x:%02x:%02x:%02x:%02x  in %llu frames %llu bytes"
				" (%llu refused), out %llu frames %llu bytes, %llu dropped\n",
				p->label, p->mac[0], p->mac[1], p->mac[2], p->mac[3], p->mac[4],
				p->mac[5], (unsigned long long)p->st.in_frames,
				(unsigned long long)p->st.in_bytes, (unsigned long long)p->st.refused,
				(unsigned long long)p->st.out_frames,
				(unsigned long long)p->st.out_bytes, (unsigned long long)p->st.dropped);
		}
	}
	if (!any)
		kprintf("hv: no switches\n");
}
