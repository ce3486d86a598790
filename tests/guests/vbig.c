// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vbig -- a lossless megabyte through the virtio console.  We send
 * exactly 1048576 bytes on the transmit queue in 4 KiB buffers (each kicked
 * and waited for, as Linux's console driver does), then their CRC32.  The
 * integration tests rebuild the same bytes and compare every one at the
 * serial end, so a byte lost, doubled, reordered or cut at a buffer
 * boundary anywhere in the hypervisor's ring walk, console multiplexer or
 * serial driver shows up, with where.
 *
 * The pattern: lines "NNNNNN <64 characters>\n" (72 bytes), N the line
 * number, character j of line n being ALPHABET[(31 n + 7 j + n / 64) % 64];
 * the last line carries only as many pattern characters as make the total
 * 1048576 exactly (32).  It is announced by "lgtest: vbig: sending 1048576
 * bytes" and followed by "lgtest: vbig: crc32 <hex> ...", both through the
 * virtio console too.  On the way we check that the host honours the
 * transmit ring's VRING_AVAIL_F_NO_INTERRUPT (G5/G6 drivers have no
 * transmit callback and set it) and raises the transmit IRQ when it is
 * clear (G7, and G8+ whose one PCI interrupt line serves both queues).
 */
#include "vcons.h"

#define TOTAL (1u << 20)
#define LINE 72
#define PREFIX 7	/* "NNNNNN " */

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static uint32_t crc_table[256];
static char chunk[VCONS_TX_CHUNK];

static uint32_t crc32_update(uint32_t crc, const char *p, size_t n)
{
	while (n--)
		crc = crc_table[(crc ^ (uint8_t)*p++) & 0xFF] ^ (crc >> 8);
	return crc;
}

const char *test_vbig(void)
{
	uint32_t sent = 0, fill = 0, crc = 0xFFFFFFFFu, n = 0;
	const char *why;

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	if ((why = vcons_init()))
		return why;
	if ((why = vsay("sending %u bytes", TOTAL)))
		return why;
	while (sent + fill < TOTAL) {
		uint32_t left = TOTAL - sent - fill;
		uint32_t len = left >= LINE + PREFIX + 1 || left == LINE ? LINE : left;
		if (fill + len > sizeof(chunk)) {
			if ((why = vcons_write(chunk, fill)))
				return why;
			crc = crc32_update(crc, chunk, fill);
			sent += fill;
			fill = 0;
		}
		char *l = chunk + fill;
		snprintf(l, PREFIX + 1, "%06u ", n % 1000000);
		for (uint32_t j = 0; j < len - PREFIX - 1; j++)
			l[PREFIX + j] = alphabet[(31 * n + 7 * j + n / 64) % 64];
		l[len - 1] = '\n';
		fill += len;
		n++;
	}
	if ((why = vcons_write(chunk, fill)))
		return why;
	crc = crc32_update(crc, chunk, fill);
	sent += fill;
	CHECK(sent == TOTAL, "sent %u bytes", sent);
	CHECK(vcons.tx_bytes >= TOTAL, "the driver counted %llu bytes",
	      (unsigned long long)vcons.tx_bytes);
#if LG_GEN < 7
	/* No transmit callback: VRING_AVAIL_F_NO_INTERRUPT is set. */
	CHECK(vcons.irqs[1] == 0, "%u transmit interrupts despite VRING_AVAIL_F_NO_INTERRUPT",
	      vcons.irqs[1]);
#else
	/* out_intr: the host raises the transmit IRQ for used buffers. */
	CHECK(vcons.irqs[1] > 0, "no transmit interrupt for %u used buffers", vcons.tx_buffers);
#endif
	return vsay("crc32 %08x of %u bytes, %u lines, %u transmit buffers, %u transmit "
		    "interrupts", ~crc, sent, n, vcons.tx_buffers, vcons.irqs[1]);
}
