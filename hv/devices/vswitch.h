/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual Ethernet switches, found by name: every guest card on switch
 * "lan" and, if the machine's card is its uplink, the wire.  A switch
 * knows each guest card's address and learns those behind the uplink; a
 * guest's frame with a source address not its own is refused.  A unicast
 * frame goes to the port that owns its destination, broadcast and
 * multicast to every other port, and a unicast frame for an address
 * nobody on the switch has only to the uplink (dropped if there is none):
 * no guest sees a frame that was not meant for it.
 *
 * Each port has a bounded queue for frames its owner has no room for yet,
 * of which one sender may fill only half: a frame past its sender's share,
 * or for a full queue, is dropped and counted on that port.  Senders are
 * never held up, and a guest that floods a port loses its own frames, not
 * the frames others send there.
 */
#ifndef HV_DEVICES_VSWITCH_H
#define HV_DEVICES_VSWITCH_H

#include <stdint.h>
#include <stdbool.h>

#define VSWITCH_MAX 8
#define VSWITCH_PORTS 128		/* in all switches: two cards for each of 64 guests */
#define VSWITCH_QUEUE 64		/* frames waiting per port */
#define VSWITCH_SHARE 32		/* of them from any one sender */
#define VSWITCH_FRAME_MAX 1518		/* Ethernet without FCS, with a VLAN tag */
#define VSWITCH_FRAME_MIN 14		/* a header */
#define VSWITCH_NAME_MAX 16
#define VSWITCH_LABEL_MAX 24

struct vport;

struct vport_ops {
	/* Gives the owner a frame; false if it has no room now (the
	 * switch keeps it queued and tries again at vswitch_drain). */
	bool (*deliver)(struct vport *p, const uint8_t *frame, uint32_t len);
};

struct vport_stats {
	uint64_t in_frames, in_bytes;	/* from the owner into the switch */
	uint64_t out_frames, out_bytes;	/* delivered to the owner */
	uint64_t dropped;		/* for the owner, its queue full */
	uint64_t refused;		/* from the owner, not a frame */
};

struct vport {
	bool used;
	int sw;				/* index of its switch */
	const struct vport_ops *ops;
	void *owner;
	bool uplink;
	uint8_t mac[6];			/* the owner's own address */
	char label[VSWITCH_LABEL_MAX];	/* "web eth0", "uplink" */
	uint32_t q_head, q_tail;	/* frames queued: q_tail..q_head */
	struct vport_stats st;
};

/* A new port on switch name (made if it does not exist yet); NULL if no
 * room is left, and why in *why. */
struct vport *vswitch_attach(const char *name, const uint8_t mac[6], bool uplink,
			     const struct vport_ops *ops, void *owner, const char *label,
			     const char **why);
/* The port is gone: its queue dropped, every address learned on it forgotten. */
void vswitch_detach(struct vport *p);
/* A frame from p's owner, switched at once; a frame shorter than a header
 * or longer than VSWITCH_FRAME_MAX is refused and counted. */
void vswitch_send(struct vport *from, const uint8_t *frame, uint32_t len);
/* p's owner has room again: queued frames go to it while it takes them. */
void vswitch_drain(struct vport *p);
/* Whether frames wait in p's queue. */
bool vswitch_queued(const struct vport *p);
/* Switches, ports, addresses and counters, on the console. */
void vswitch_list(void);

#endif
