// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vrng -- the entropy device (virtio-rng, lib/vrng.c) as the
 * hypervisor promises it, on the transport of the generation: every
 * writable buffer is filled, at most 4096 bytes of it (the rest left
 * alone), and the used length says exactly how much; a chain of several
 * buffers is filled across them; two reads never give the same bytes,
 * and 64 KiB of them are not degenerate (every byte value turns up, none
 * much too often: a crude check that catches a constant, a counter or a
 * short cycle, not a weak generator); the queue's interrupt arrives.
 */
#include "vrng.h"

#define BIG (8u << 10)
#define SENTINEL 0xA5

static uint8_t buf[BIG + 64] __attribute__((aligned(64)));
static struct vrng rng;
static uint8_t prev[64];
static unsigned histogram[256];

/* Reads len bytes at buf+off in one buffer; used must be want. */
static const char *read_one(uint32_t off, uint32_t len, uint32_t want)
{
	uint32_t used;
	const char *why;

	memset(buf, SENTINEL, sizeof(buf));
	if ((why = vrng_run(&rng, (struct vq_sg[]){ { __pa(buf + off), len, true } }, 1, &used)))
		return why;
	CHECK(used == want, "a %u-byte buffer: used %u, expected %u", len, used, want);
	for (uint32_t j = 0; j < off; j++)
		CHECK(buf[j] == SENTINEL, "a %u-byte buffer: byte %u before it written", len, j);
	for (uint32_t j = off + want; j < sizeof(buf); j++)
		CHECK(buf[j] == SENTINEL, "a %u-byte buffer: byte %u past the %u filled written",
		      len, j - off, want);
	return NULL;
}

const char *test_vrng(void)
{
	static const uint32_t sizes[] = { 1, 2, 16, 64, 100, 512, 4095, 4096 };
	struct vdev *d = &rng.dev;
	uint32_t used;
	const char *why;

	if ((why = vrng_open(&rng)))
		return why;
#if LG_PCI
	say("00:%02x.0, 1 queue of %u, IRQ %u, features offered %#llx, config %u bytes",
	    d->pci.slot, rng.vq.num, d->irq[0], (unsigned long long)d->host_features,
	    vdev_config_len(d));
#else
	say("device page +%u, 1 queue of %u, IRQ %u, features offered %#llx, config %u bytes",
	    d->desc_off, rng.vq.num, d->irq[0], (unsigned long long)d->host_features,
	    vdev_config_len(d));
#endif
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		if ((why = read_one(k & 3, sizes[k], sizes[k])))
			return why;
	say("buffers of 1, 2, 16, 64, 100, 512, 4095 and 4096 bytes: filled exactly");
	if ((why = read_one(0, BIG, 4096)))
		return why;
	say("a buffer of 8192 bytes: 4096 filled, the rest left alone");
	memset(buf, SENTINEL, sizeof(buf));
	if ((why = vrng_run(&rng, (struct vq_sg[]){ { __pa(buf), 100, true },
						    { __pa(buf + 200), 300, true },
						    { __pa(buf + 1000), 7, true } }, 3, &used)))
		return why;
	CHECK(used == 407, "a chain of 100 + 300 + 7 bytes: used %u", used);
	CHECK(buf[150] == SENTINEL && buf[999] == SENTINEL && buf[1007] == SENTINEL,
	      "bytes between the chain's buffers were written");
	say("a chain of 100, 300 and 7 bytes: used 407");
	for (unsigned r = 0; r < 4; r++) {
		if ((why = read_one(0, 64, 64)))
			return why;
		CHECK(memcmp(buf, prev, 64), "two reads of 64 bytes gave the same bytes");
		memcpy(prev, buf, 64);
	}
	memset(histogram, 0, sizeof(histogram));
	for (unsigned r = 0; r < 16; r++) {
		if ((why = read_one(0, 4096, 4096)))
			return why;
		for (unsigned j = 0; j < 4096; j++)
			histogram[buf[j]]++;
	}
	unsigned lo = ~0u, hi = 0;
	for (unsigned v = 0; v < 256; v++) {
		lo = histogram[v] < lo ? histogram[v] : lo;
		hi = histogram[v] > hi ? histogram[v] : hi;
	}
	/* 256 expected of each; a fair source stays well inside 128-400. */
	CHECK(lo >= 128 && hi <= 400, "64 KiB of entropy: byte values seen %u to %u times", lo, hi);
	say("reads differ; 64 KiB: every byte value seen 128-400 times");
	CHECK(rng.irqs, "no interrupt arrived on IRQ %u", d->irq[0]);
	say("interrupts arrived on IRQ %u", d->irq[0]);
	return NULL;
}
