/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The receive half of the 8254x driver that needs no hardware: reading
 * what the card wrote back into a receive descriptor and deciding what to
 * do with it, and taking frames off the ring into a caller's buffer.  It
 * is kept apart from drivers/e1000.c so that the unit tests and a fuzz
 * target can drive it over ordinary memory: the card is hardware we
 * trust less than ourselves, and a descriptor claiming more bytes than
 * its buffer holds must never make us copy past either buffer.
 */
#ifndef DRIVERS_E1000_RX_H
#define DRIVERS_E1000_RX_H

#include <stdint.h>
#include <stdbool.h>

/* A legacy receive descriptor (8254x manual, 3.2.3): we write the buffer
 * address, the card writes the rest back when it has filled the buffer. */
struct e1000_rx_desc {
	uint64_t addr;
	uint16_t length;	/* bytes in this buffer (no FCS with SECRC) */
	uint16_t csum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
};
_Static_assert(sizeof(struct e1000_rx_desc) == 16, "a receive descriptor is 16 bytes");

#define E1000_RXD_STAT_DD 0x01		/* descriptor done: the card is finished with it */
#define E1000_RXD_STAT_EOP 0x02		/* the last buffer of a frame */
/* Errors that mean the frame itself is bad: CRC, symbol, sequence,
 * carrier extension, data error.  The TCP/IP checksum bits (5, 6) only
 * judge offloads we never ask for. */
#define E1000_RXD_ERR_FRAME 0x97

enum e1000_rx_verdict {
	E1000_RX_EMPTY,		/* not done yet: the ring has nothing more */
	E1000_RX_TAKE,		/* a whole good frame, *len bytes */
	E1000_RX_DROP,		/* a bad frame: drop and count it */
	E1000_RX_SKIP,		/* the rest of a frame already dropped and counted */
};

/* What one descriptor says, given its buffer's size and the largest frame
 * wanted.  *discarding is true while inside a frame that spans buffers
 * (which our buffer size never asks for): such a frame is dropped to its
 * last buffer. */
enum e1000_rx_verdict e1000_rx_judge(const struct e1000_rx_desc *d, uint32_t buf_size,
				     uint32_t max, bool *discarding, uint32_t *len);

/* The software side of a receive ring.  addr[i] is what descriptor i's
 * address field is set to (the buffer's physical address), buf[i] where
 * the CPU reads the same buffer. */
struct e1000_rx_ring {
	volatile struct e1000_rx_desc *desc;
	uint8_t *const *buf;
	const uint64_t *addr;
	uint32_t count;		/* descriptors */
	uint32_t buf_size;	/* bytes in each buffer */
	uint32_t next;		/* the next descriptor the card fills */
	bool discarding;
};

/* Takes the next good frame into out (at most max bytes) and returns its
 * length, or 0 when none waits; frames dropped on the way are added to
 * *dropped.  Every descriptor looked at is made ready for the card again
 * (status cleared, address rewritten); *used says how many, and the
 * caller hands them back by moving the tail to the last of them.  At
 * most count descriptors per call, however the card behaves. */
uint32_t e1000_rx_take(struct e1000_rx_ring *r, void *out, uint32_t max, uint64_t *dropped,
		       uint32_t *used);

/* True if the next descriptor is done (a frame, or something to drop). */
bool e1000_rx_waiting(const struct e1000_rx_ring *r);

#endif
