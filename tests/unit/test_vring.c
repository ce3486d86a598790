// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vring walker over a fake guest memory: good chains pop, read in
 * pieces and push; every way a guest can break a ring (loops, indices
 * past the ring, addresses past its memory, indirect tables never
 * offered, readable after writable, more than 4 GiB in one chain) is
 * refused with the reason; and a chain changed after it was taken is
 * read only as far as what is still inside memory.  A mistake here is the
 * hypervisor reading or writing outside a guest, or looping for ever.
 * sources: hv/devices/vring.c lib/string.c
 */
#include <stdint.h>
#include "check.h"
#include "hv/devices/vring.h"

#define NUM 16
#define MEM (64 * 1024)
#define DATA 0x8000	/* buffers live here, after the ring */

static uint8_t mem[MEM];
static struct gmem m = { mem, MEM };
static struct vq q;

static struct vring_desc *desc(unsigned i)
{
	return (struct vring_desc *)(mem + i * sizeof(struct vring_desc));
}

static uint16_t *avail_idx(void)
{
	return (uint16_t *)(mem + NUM * sizeof(struct vring_desc) + 2);
}

static uint16_t *avail_ring(unsigned i)
{
	return (uint16_t *)(mem + NUM * sizeof(struct vring_desc) + 4 + 2 * i);
}

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	q = vq_legacy(NUM, 0);
}

static void offer(uint16_t head)
{
	*avail_ring(*avail_idx() % NUM) = head;
	(*avail_idx())++;
}

static void set(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*desc(i) = (struct vring_desc){ addr, len, flags, next };
}

/* Pops one chain and returns the error (NULL: popped fine). */
static const char *pop_error(struct vq_chain *c)
{
	const char *error = "no chain";

	if (vq_pop(&m, &q, c, &error))
		return NULL;
	return error ? error : "no chain";
}

static void ring_fits(void)
{
	reset();
	CHECK(vq_fits(&m, &q));
	struct vq big = vq_legacy(32768, 0);
	CHECK(!vq_fits(&m, &big));
	struct vq odd = vq_legacy(12, 0);
	CHECK(!vq_fits(&m, &odd));
	struct vq late = vq_legacy(NUM, MEM - 4096);
	CHECK(!vq_fits(&m, &late));
	/* split parts (virtio 1.0): each checked, with its alignment */
	struct vq split = { .num = NUM, .desc = 0x100, .avail = 0x40, .used = 0x800 };
	CHECK(vq_fits(&m, &split));
	split.desc = 0x108;
	CHECK(!vq_fits(&m, &split));
	split.desc = 0x100;
	split.avail = 0x41;
	CHECK(!vq_fits(&m, &split));
	split.avail = 0x40;
	split.used = 0x802;
	CHECK(!vq_fits(&m, &split));
	split.used = MEM - 8;
	CHECK(!vq_fits(&m, &split));
	split.used = 0x800;
	split.desc = 0xFFFFFFF0u;
	CHECK(!vq_fits(&m, &split));
}

static void good_chain_reads_in_pieces(void)
{
	struct vq_chain c;
	uint8_t buf[16];

	reset();
	memcpy(mem + DATA, "hello, ", 7);
	memcpy(mem + DATA + 0x100, "world", 5);
	set(3, DATA, 7, VRING_DESC_F_NEXT, 5);
	set(5, DATA + 0x100, 5, 0, 0);
	offer(3);
	CHECK(vq_has_avail(&m, &q));
	CHECK(pop_error(&c) == NULL);
	CHECK_EQ(c.head, 3);
	CHECK_EQ(c.nr, 2);
	CHECK_EQ(c.readable, 12);
	CHECK_EQ(c.writable, 0);
	CHECK_EQ(vq_read(&m, &q, &c, 0, buf, 4), 4);
	CHECK(!memcmp(buf, "hell", 4));
	CHECK_EQ(vq_read(&m, &q, &c, 4, buf, sizeof(buf)), 8);
	CHECK(!memcmp(buf, "o, world", 8));
	CHECK_EQ(vq_read(&m, &q, &c, 12, buf, sizeof(buf)), 0);
	vq_push(&m, &q, &c, 0);
	uint16_t *used_idx = (uint16_t *)(mem + 4096 + 2);	/* the used ring's page */
	CHECK_EQ(*used_idx, 1);
	CHECK_EQ(*(uint32_t *)(mem + 4096 + 4), 3);	/* its id */
	CHECK(!vq_has_avail(&m, &q));
}

static void writable_chain(void)
{
	struct vq_chain c;

	reset();
	set(0, DATA, 4, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
	set(1, DATA + 8, 4, VRING_DESC_F_WRITE, 0);
	offer(0);
	CHECK(pop_error(&c) == NULL);
	CHECK_EQ(c.writable, 8);
	CHECK_EQ(vq_write(&m, &q, &c, "abcdefghij", 10), 8);
	CHECK(!memcmp(mem + DATA, "abcd", 4));
	CHECK(!memcmp(mem + DATA + 8, "efgh", 4));
}

static void broken_rings(void)
{
	struct vq_chain c;
	const char *e;

	reset();
	set(0, DATA, 4, VRING_DESC_F_NEXT, 0);	/* loops on itself */
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "loops"));

	reset();
	set(0, DATA, 4, VRING_DESC_F_NEXT, NUM);
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "next index"));

	reset();
	offer(NUM);
	e = pop_error(&c);
	CHECK(e && strstr(e, "beyond the ring"));

	reset();
	*avail_idx() = NUM + 1;
	e = pop_error(&c);
	CHECK(e && strstr(e, "ring size"));

	reset();
	set(0, MEM - 8, 16, 0, 0);	/* straddles the end */
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "outside"));

	reset();
	set(0, 0x100000000ull + DATA, 4, 0, 0);	/* a 64-bit address */
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "outside"));

	reset();
	set(0, DATA, 16, VRING_DESC_F_INDIRECT, 0);
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "indirect"));

	reset();
	set(0, DATA, 4, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
	set(1, DATA, 4, 0, 0);
	offer(0);
	e = pop_error(&c);
	CHECK(e && strstr(e, "readable descriptor after a writable"));
}

static void chain_over_4g(void)
{
	/* A memory of 1 GiB + 1 page is not needed: lengths are checked
	 * against the size the walker is told, which is all a guest has. */
	static struct gmem huge;
	struct vq_chain c;
	const char *error;

	huge = (struct gmem){ mem, 0x40000000u };	/* claims 1 GiB, only NUM descs read */
	reset();
	for (unsigned i = 0; i < 5; i++)
		set(i, 0, 0x3FFFFFFFu, i < 4 ? VRING_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	offer(0);
	CHECK(!vq_pop(&huge, &q, &c, &error));
	CHECK(error && strstr(error, "4 GiB"));
	reset();
	for (unsigned i = 0; i < 4; i++)
		set(i, 0, 0x3FFFFFFFu, i < 3 ? VRING_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	offer(0);
	CHECK(vq_pop(&huge, &q, &c, &error));
	CHECK_EQ(c.readable, 4ull * 0x3FFFFFFFu);
}

static void changed_after_pop(void)
{
	struct vq_chain c;
	uint8_t buf[64];

	reset();
	memset(mem + DATA, 'x', 32);
	set(0, DATA, 16, VRING_DESC_F_NEXT, 1);
	set(1, DATA + 16, 16, 0, 0);
	offer(0);
	CHECK(pop_error(&c) == NULL);
	/* Now the guest points the second link outside and makes the
	 * first loop: the copy skips what is outside, stays bounded. */
	set(1, MEM, 16, VRING_DESC_F_NEXT, 0);
	set(0, DATA, 16, VRING_DESC_F_NEXT, 1);
	CHECK(vq_read(&m, &q, &c, 0, buf, sizeof(buf)) <= 16);
	set(0, DATA, 0xFFFFFFFFu, 0, 0);
	CHECK_EQ(vq_read(&m, &q, &c, 0, buf, sizeof(buf)), 0);
	CHECK_EQ(vq_write(&m, &q, &c, buf, sizeof(buf)), 0);
	/* A used index the guest scribbled on still lands inside the ring. */
	*(uint16_t *)(mem + 4096 + 2) = 0xFFFF;
	vq_push(&m, &q, &c, 5);
	CHECK_EQ(*(uint16_t *)(mem + 4096 + 2), 0);
}

int main(void)
{
	RUN(ring_fits);
	RUN(good_chain_reads_in_pieces);
	RUN(writable_chain);
	RUN(broken_rings);
	RUN(chain_over_4g);
	RUN(changed_after_pop);
	return 0;
}
