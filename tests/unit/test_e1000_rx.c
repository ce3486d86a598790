// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8254x receive path over plain memory: what a written-back receive
 * descriptor says (done or not, a whole good frame, errors, a frame
 * spread over buffers) and taking frames off a ring -- in order, across
 * the wrap, each descriptor made ready for the card again.  A card that
 * claims more bytes than a buffer holds, or sends a frame longer than
 * the caller's buffer, has its frame dropped and counted, never copied
 * (the buffers here are allocated to their exact size, so the sanitizer
 * would see a byte too many); a card that never ends a frame cannot keep
 * the reader for more than one turn of the ring.
 * sources: drivers/e1000_rx.c
 */
#include <stdint.h>
#include <stdbool.h>
#include "check.h"
#include "drivers/e1000_rx.h"

#define N 8
#define BUF 2048

static struct e1000_rx_desc desc[N];
static uint8_t *bufs[N];
static uint64_t addrs[N];
static struct e1000_rx_ring ring;

static void setup(void)
{
	for (int i = 0; i < N; i++) {
		free(bufs[i]);
		bufs[i] = malloc(BUF);
		addrs[i] = 0x100000 + (uint64_t)i * BUF;
		desc[i] = (struct e1000_rx_desc){ .addr = addrs[i] };
	}
	ring = (struct e1000_rx_ring){ .desc = desc, .buf = bufs, .addr = addrs, .count = N,
				       .buf_size = BUF };
}

/* The card writes a frame of len bytes, each byte tag, into descriptor i. */
static void card_writes(int i, uint16_t len, uint8_t status, uint8_t errors, uint8_t tag)
{
	memset(bufs[i], tag, len < BUF ? len : BUF);
	desc[i].length = len;
	desc[i].status = status;
	desc[i].errors = errors;
	desc[i].addr = 0xDEAD0000;	/* a card scribbling where it should not */
}

#define DONE (E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP)

static enum e1000_rx_verdict judge(uint8_t status, uint8_t errors, uint16_t length,
				   uint32_t max, bool *discarding, uint32_t *len)
{
	struct e1000_rx_desc d = { .status = status, .errors = errors, .length = length };

	return e1000_rx_judge(&d, BUF, max, discarding, len);
}

static void judge_single_buffers(void)
{
	bool disc = false;
	uint32_t len = 0;

	CHECK_EQ(judge(0, 0, 60, 1518, &disc, &len), E1000_RX_EMPTY);
	CHECK_EQ(judge(E1000_RXD_STAT_EOP, 0, 60, 1518, &disc, &len), E1000_RX_EMPTY);
	CHECK_EQ(judge(DONE, 0, 60, 1518, &disc, &len), E1000_RX_TAKE);
	CHECK_EQ(len, 60);
	CHECK_EQ(judge(DONE, 0, 14, 1518, &disc, &len), E1000_RX_TAKE);
	CHECK_EQ(judge(DONE, 0, 1518, 1518, &disc, &len), E1000_RX_TAKE);
	CHECK_EQ(len, 1518);
	/* Checksum-offload verdicts are not ours to act on. */
	CHECK_EQ(judge(DONE, 0x60, 100, 1518, &disc, &len), E1000_RX_TAKE);
	for (int bit = 0; bit < 8; bit++)
		if (E1000_RXD_ERR_FRAME & (1u << bit))
			CHECK_EQ(judge(DONE, (uint8_t)(1u << bit), 100, 1518, &disc, &len),
				 E1000_RX_DROP);
	CHECK_EQ(judge(DONE, 0, 0, 1518, &disc, &len), E1000_RX_DROP);
	CHECK_EQ(judge(DONE, 0, 13, 1518, &disc, &len), E1000_RX_DROP);
	CHECK_EQ(judge(DONE, 0, 1519, 1518, &disc, &len), E1000_RX_DROP);
	CHECK_EQ(judge(DONE, 0, BUF + 1, 65535, &disc, &len), E1000_RX_DROP);
	CHECK_EQ(judge(DONE, 0, 65535, 65535, &disc, &len), E1000_RX_DROP);
	CHECK(!disc);
}

static void judge_spanning_frames(void)
{
	bool disc = false;
	uint32_t len = 0;

	/* Three buffers of one frame: counted once, dropped to its end. */
	CHECK_EQ(judge(E1000_RXD_STAT_DD, 0, BUF, 1518, &disc, &len), E1000_RX_DROP);
	CHECK(disc);
	CHECK_EQ(judge(E1000_RXD_STAT_DD, 0, BUF, 1518, &disc, &len), E1000_RX_SKIP);
	CHECK_EQ(judge(DONE, 0, 100, 1518, &disc, &len), E1000_RX_SKIP);
	CHECK(!disc);
	CHECK_EQ(judge(DONE, 0, 100, 1518, &disc, &len), E1000_RX_TAKE);
	/* Not yet done in the middle: wait, still discarding. */
	CHECK_EQ(judge(E1000_RXD_STAT_DD, 0, BUF, 1518, &disc, &len), E1000_RX_DROP);
	CHECK_EQ(judge(0, 0, 0, 1518, &disc, &len), E1000_RX_EMPTY);
	CHECK(disc);
}

static void take_in_order_across_the_wrap(void)
{
	uint8_t out[1518];
	uint64_t dropped = 0;
	uint32_t used, got;

	setup();
	ring.next = N - 2;
	card_writes(N - 2, 60, DONE, 0, 0xA1);
	card_writes(N - 1, 1514, DONE, 0, 0xA2);
	card_writes(0, 42, DONE, 0, 0xA3);
	got = e1000_rx_take(&ring, out, sizeof(out), &dropped, &used);
	CHECK_EQ(got, 60);
	CHECK_EQ(used, 1);
	CHECK_EQ(out[0], 0xA1);
	CHECK_EQ(out[59], 0xA1);
	CHECK_EQ(desc[N - 2].status, 0);
	CHECK_EQ(desc[N - 2].addr, addrs[N - 2]);
	got = e1000_rx_take(&ring, out, sizeof(out), &dropped, &used);
	CHECK_EQ(got, 1514);
	CHECK_EQ(out[1513], 0xA2);
	got = e1000_rx_take(&ring, out, sizeof(out), &dropped, &used);
	CHECK_EQ(got, 42);
	CHECK_EQ(ring.next, 1);
	CHECK_EQ(desc[0].addr, addrs[0]);
	got = e1000_rx_take(&ring, out, sizeof(out), &dropped, &used);
	CHECK_EQ(got, 0);
	CHECK_EQ(used, 0);
	CHECK_EQ(dropped, 0);
	CHECK(!e1000_rx_waiting(&ring));
}

static void take_drops_what_does_not_fit(void)
{
	uint8_t *out = malloc(100);	/* exactly the caller's max */
	uint64_t dropped = 0;
	uint32_t used, got;

	setup();
	card_writes(0, 4000, DONE, 0, 0xB1);	/* more than its buffer */
	card_writes(1, 101, DONE, 0, 0xB2);	/* more than the caller's */
	card_writes(2, 60, DONE, 0x01, 0xB3);	/* CRC error */
	card_writes(3, 10, DONE, 0, 0xB4);	/* a runt */
	card_writes(4, 100, DONE, 0, 0xB5);
	CHECK(e1000_rx_waiting(&ring));
	got = e1000_rx_take(&ring, out, 100, &dropped, &used);
	CHECK_EQ(got, 100);
	CHECK_EQ(out[99], 0xB5);
	CHECK_EQ(used, 5);
	CHECK_EQ(dropped, 4);
	for (int i = 0; i < 5; i++) {
		CHECK_EQ(desc[i].status, 0);
		CHECK_EQ(desc[i].addr, addrs[i]);
	}
	free(out);
}

static void take_is_bounded_by_the_ring(void)
{
	uint8_t out[1518];
	uint64_t dropped = 0;
	uint32_t used;

	/* A card that fills every buffer and never ends its frame. */
	setup();
	for (int i = 0; i < N; i++)
		card_writes(i, BUF, E1000_RXD_STAT_DD, 0, 0xC0);
	CHECK_EQ(e1000_rx_take(&ring, out, sizeof(out), &dropped, &used), 0);
	CHECK_EQ(used, N);
	CHECK_EQ(dropped, 1);
	CHECK(ring.discarding);
	/* Its end, then a good frame. */
	card_writes(0, 30, DONE, 0, 0xC1);
	card_writes(1, 30, DONE, 0, 0xC2);
	CHECK_EQ(e1000_rx_take(&ring, out, sizeof(out), &dropped, &used), 30);
	CHECK_EQ(out[0], 0xC2);
	CHECK_EQ(used, 2);
	CHECK_EQ(dropped, 1);
}

int main(void)
{
	RUN(judge_single_buffers);
	RUN(judge_spanning_frames);
	RUN(take_in_order_across_the_wrap);
	RUN(take_drops_what_does_not_fit);
	RUN(take_is_bounded_by_the_ring);
	for (int i = 0; i < N; i++)
		free(bufs[i]);
	return 0;
}
