// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=stream:SEED -- a known stream through the virtio console, for as
 * long as anyone listens (`make soak`, tests/soak/).  Several of these run
 * side by side for minutes while the harness checks every byte at the
 * serial end: a byte lost, doubled or garbled anywhere between our
 * transmit ring and the UART -- under load, with other guests competing
 * for the CPU and the console -- shows up as a gap, a duplicate or a bad
 * line, with its number.
 *
 * After "lgtest: stream: ready" we write lines, n = 1, 2, ...:
 *
 *   stream: <n> <payload> <crc>
 *
 * payload is 1 + (13 n mod 200) characters of the alphabet below, starting
 * at character (7 n + SEED) mod 64 and running on cyclically; crc is the
 * CRC-32 (zlib's), in 8 hex digits, of everything before the space that
 * precedes it.  The harness builds the same line and compares.  The
 * lines go out in buffers of varying size (1 to 4096 bytes, cut anywhere,
 * lines split across buffers), so the transmit ring and its indices wrap
 * often and partial lines are the rule.  Every line typed at us comes back, between
 * two stream lines, as "echo: <line>", so input routing and the receive
 * queue are checked under the same load; the line "quit" ends the stream
 * with a count ("lgtest: stream: quit after N lines ...") and PASS.
 * We never sleep: the point is to move as many bytes as we can.  Between
 * buffers interrupts are on, so input and timer ticks still reach us.
 */
#include "vcons.h"

#define PAYLOAD_MAX 200
#define LINE_MAX_LEN 300		/* "stream: " + 10 + payload + crc, and "echo: " + 255 */

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
void *memmove(void *d, const void *s, size_t n);	/* lib/string.c */

static char pending[2 * VCONS_TX_CHUNK];	/* written out in cuts of varying size */
static uint32_t pending_len;
static uint32_t rng = 0x2545F491u;

/* zlib's CRC-32, bit by bit: lines are short and the console is slower. */
static uint32_t crc32(const char *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;

	while (n--) {
		crc ^= (uint8_t)*p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
	}
	return ~crc;
}

static uint32_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A quarter tiny, half up to a few lines, a quarter up to a whole chunk:
 * on average some 650 bytes, so the 16-bit ring indices wrap after about
 * 40 MB. */
static uint32_t next_cut(void)
{
	uint32_t r = xorshift(), size = r % 4 == 0 ? 64 : r % 4 == 3 ? VCONS_TX_CHUNK : 512;

	return 1 + (r >> 8) % size;
}

static void append_stream_line(uint32_t n, uint32_t seed)
{
	char *l = pending + pending_len;
	uint32_t start = (7 * n + seed) % 64, len = 1 + 13 * n % PAYLOAD_MAX;
	int k = snprintf(l, 24, "stream: %u ", n);

	for (uint32_t j = 0; j < len; j++)
		l[k++] = alphabet[(start + j) % 64];
	k += snprintf(l + k, 11, " %08x\n", crc32(l, k));
	pending_len += k;
}

/* Writes out what a cut of the pending bytes asks for, keeping the rest. */
static const char *flush(uint32_t *cut, bool all)
{
	const char *why;

	while (pending_len >= *cut || (all && pending_len)) {
		uint32_t n = pending_len < *cut ? pending_len : *cut;
		if ((why = vcons_write(pending, n)))
			return why;
		memmove(pending, pending + n, pending_len - n);
		pending_len -= n;
		*cut = next_cut();
	}
	return NULL;
}

/* Collects typed bytes into lines; true when one is complete. */
static bool input_line(char *line, size_t size)
{
	static size_t len;
	char c;

	while (vcons_read(&c, 1)) {
		if (c == '\r' || c == '\n') {
			if (!len)
				continue;
			line[len] = '\0';
			len = 0;
			return true;
		}
		if (len < size - 1)
			line[len++] = c;
	}
	return false;
}

const char *test_stream(void)
{
	uint32_t seed = 0, n, cut = next_cut(), echoes = 0;
	char line[256];
	const char *why;

	for (const char *p = current_test_arg; p && *p >= '0' && *p <= '9'; p++)
		seed = seed * 10 + (uint32_t)(*p - '0');
	if ((why = vcons_init()))
		return why;
	if ((why = vsay("ready")))
		return why;
	for (n = 1;; n++) {
		append_stream_line(n, seed);
		if (input_line(line, sizeof(line))) {
			if (!strcmp(line, "quit"))
				break;
			pending_len += snprintf(pending + pending_len, LINE_MAX_LEN, "echo: %s\n",
						line);
			echoes++;
		}
		if ((why = flush(&cut, false)))
			return why;
	}
	if ((why = flush(&cut, true)))
		return why;
	CHECK(!vcons.rx_dropped, "%u received bytes dropped", vcons.rx_dropped);
	return vsay("quit after %u lines, %u echoes: %llu bytes in %u transmit buffers, "
		    "%llu bytes received", n, echoes, (unsigned long long)vcons.tx_bytes,
		    vcons.tx_buffers, (unsigned long long)vcons.rx_bytes);
}
