// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio console driver for the test guests that talks to the
 * hypervisor exactly as Linux's virtio_ring.c + virtio_console.c of the
 * guest's generation do, over the transport of that generation
 * (lib/lgbus.c: the lguest device page, G2-G7, lib/lgbus_tlv.c its 2.6.24
 * form, G1; lib/vcons_pci.c: virtio 1.0 over PCI, G8-G10), so the tests
 * built on it (vecho, vbig, vspin,
 * badring, stream) check the hypervisor's rings and console against what
 * real kernels send, generation by generation:
 *
 *  - Rings (lib/virtqueue.c): the split layout of <linux/virtio_ring.h>,
 *    laid out by vring_init where the transport says (4096-aligned above
 *    RAM for the lguest bus, 64-aligned in our RAM for PCI); the free list threaded
 *    through desc.next as Linux keeps it; a kick unless the host set
 *    VRING_USED_F_NO_NOTIFY.
 *  - Queue 0 receives: up to 2.6.34 one page-sized buffer, later kernels
 *    several (we post 8 x 256 bytes from G6); each used buffer is taken
 *    from the used ring in order, its length checked, and posted again.
 *    2.6.24 (G1) asks for no receive interrupts: hvc polls, and so do we
 *    (every 10 ms while waiting for a line).
 *  - Queue 1 transmits: each chunk is offered, kicked, and waited for by
 *    polling the used ring with interrupts off (put_chars up to 2.6.34,
 *    __send_to_port after); a transmit interrupt, if the transport asked
 *    for them, is only counted.
 * Anything the host gets wrong (a used id we never offered, a used length
 * longer than the buffer, a transmit buffer never returned) is a FAIL.
 */
#include "vtransport.h"
#include "virtqueue.h"

#define RX VCONS_RX
#define TX VCONS_TX
/* Long enough for a loaded test machine: the serial port's far end is a
 * test harness that may not read for a while, and the host waits on it. */
#define TX_TIMEOUT_NS 30000000000ull

#if LG_GEN <= 5
#define RX_BUFS 1	/* 2.6.24-2.6.33: one page */
#define RX_BUF_SIZE 4096
#else
#define RX_BUFS 8
#define RX_BUF_SIZE 256
#endif


struct vcons_info vcons;
vcons_rx_fn vcons_rx_callback;

static struct vqueue vqs[2];
static uint8_t rx_bufs[RX_BUFS][RX_BUF_SIZE] __attribute__((aligned(64)));

/* Received bytes waiting for vcons_read. */
#define INQ_SIZE 8192
static char inq[INQ_SIZE];
static volatile uint32_t inq_head, inq_tail;

void vcons_fail(const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printk("lgtest: %s: FAIL virtio console: %s\n", current_test ? current_test : "boot", why);
	lg_shutdown("lgtest done", lgtest_end_reason);
}

/* ---- virtqueues (lib/virtqueue.c) ---------------------------------------------- */

static bool vq_add1(struct vqueue *q, uint32_t pa, uint32_t len, bool writable, const void *token)
{
	struct vq_sg sg = { pa, len, writable };

	return vq_add(q, &sg, 1, token);
}

static void vq_kick(int i)
{
	if (vq_kick_wanted(&vqs[i])) {
		vcons.kicks[i]++;
		vtransport_kick(i);
	}
}

/* The next used buffer's token, or NULL; what the host wrote is checked. */
static const void *vq_take(struct vqueue *q, uint32_t *len, const char *which)
{
	const char *why;
	const void *token = vq_get(q, len, &why);

	if (why)
		vcons_fail("%s %s", which, why);
	return token;
}

struct vqueue *vcons_queue(int i)
{
	return &vqs[i];
}

const char *vcons_ring_init(int i, void *va, uint32_t gpa, uint16_t num, uint32_t align,
			    bool no_interrupt)
{
	const char *why = vq_init(&vqs[i], va, gpa, num, align, no_interrupt);

	return why ? fail("queue %d: %s", i, why) : NULL;
}

/* ---- interrupts -------------------------------------------------------------- */

static void receive(void)
{
	struct vqueue *q = &vqs[RX];
	const void *token;
	uint32_t len;
	bool reposted = false;

	while ((token = vq_take(q, &len, "receive"))) {
		const uint8_t *data = token;
		vcons.rx_bytes += len;
		vcons.rx_buffers++;
		if (vcons_rx_callback)
			vcons_rx_callback(data, len);
		for (uint32_t k = 0; k < len; k++) {
			if (inq_head - inq_tail >= INQ_SIZE) {
				vcons.rx_dropped++;
				continue;
			}
			inq[inq_head++ % INQ_SIZE] = (char)data[k];
		}
		if (!vq_add1(q, __pa(data), RX_BUF_SIZE, true, data))
			vcons_fail("no free receive descriptor to repost");
		reposted = true;
	}
	if (reposted)
		vq_kick(RX);
}

void vcons_used(int queue)
{
	if (queue == RX && vqs[RX].ready)
		receive();
	/* transmit: vcons_write reclaims for itself (out_intr does nothing
	 * that matters to us) */
}

bool vcons_has_used(int queue)
{
	return vq_has_used(&vqs[queue]);
}

void vcons_fill_rx(void)
{
	for (int k = 0; k < RX_BUFS; k++)
		vq_add1(&vqs[RX], __pa(rx_bufs[k]), RX_BUF_SIZE, true, rx_bufs[k]);
	vq_kick(RX);
}

/* ---- starting the device ---------------------------------------------------------- */

/* Probes with interrupts off, and leaves them on afterwards, as a kernel
 * runs once its drivers are up (so a held interrupt arrives now). */
const char *vcons_init(void)
{
	irq_disable();
	const char *why = vtransport_probe();

	irq_enable_now();
	return why;
}

/* ---- output -------------------------------------------------------------------- */

const char *vcons_write(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	struct vqueue *q = &vqs[TX];
	const char *why = NULL;

	if (!q->ready)
		return "the virtio console is not set up";
	if ((uintptr_t)p < PAGE_OFFSET || __pa(p) + len > ram_bytes)
		return fail("vcons_write(%p): not in the RAM mapping", (const void *)p);
	uint32_t flags = irq_save();	/* Linux holds a spinlock, irqs off */
	while (len) {
		uint32_t n = len < VCONS_TX_CHUNK ? len : VCONS_TX_CHUNK, used_len;
		const void *token;

		if (!vq_add1(q, __pa(p), n, false, p)) {
			why = "no free transmit descriptor";
			break;
		}
		vq_kick(TX);
		uint64_t t0 = rdtsc();
		while (!(token = vq_take(q, &used_len, "transmit"))) {
			asm volatile("pause");
			if (tsc_to_ns(rdtsc() - t0) > TX_TIMEOUT_NS) {
				why = fail("a %u-byte transmit buffer was not used within 30 s", n);
				break;
			}
		}
		if (why)
			break;
		if (token != p) {
			why = fail("transmit used ring returned another buffer");
			break;
		}
		vcons.tx_buffers++;
		vcons.tx_bytes += n;
		p += n;
		len -= n;
	}
	irq_restore(flags);
	return why;
}

static const char *vprint(const char *prefix, const char *fmt, va_list ap)
{
	char line[512];
	int n = 0;

	if (prefix)
		n = snprintf(line, sizeof(line), "lgtest: %s: ", prefix);
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (prefix)
		line[n++] = '\n';
	return vcons_write(line, n);
}

const char *vcons_printf(const char *fmt, ...)
{
	va_list ap;
	const char *why;

	va_start(ap, fmt);
	why = vprint(NULL, fmt, ap);
	va_end(ap);
	return why;
}

const char *vsay(const char *fmt, ...)
{
	va_list ap;
	const char *why;

	va_start(ap, fmt);
	why = vprint(current_test ? current_test : "boot", fmt, ap);
	va_end(ap);
	return why;
}

/* ---- input ----------------------------------------------------------------------- */

size_t vcons_read(char *buf, size_t size)
{
	uint32_t flags = irq_save();
	size_t n = 0;

#if LG_TLV_DEVICES
	vcons_used(RX);	/* no receive interrupts: look */
#endif
	while (n < size && inq_tail != inq_head)
		buf[n++] = inq[inq_tail++ % INQ_SIZE];
	irq_restore(flags);
	return n;
}

size_t vcons_read_line(char *buf, size_t size)
{
	static char line[256];
	static size_t len;

	for (;;) {
		char c;

		irq_disable();
#if LG_TLV_DEVICES
		if (inq_tail == inq_head)
			vcons_used(RX);	/* no receive interrupts: look */
		if (inq_tail == inq_head) {
			irq_enable();
			sleep_ns(10000000);	/* as hvc's poll */
			continue;
		}
#else
		if (inq_tail == inq_head) {
			lg_halt();	/* wakes with interrupts on, the handler run */
			continue;
		}
#endif
		c = inq[inq_tail++ % INQ_SIZE];
		irq_enable();
		if (c == '\r' || c == '\n') {
			if (!len)
				continue;
			size_t n = len < size - 1 ? len : size - 1;
			memcpy(buf, line, n);
			buf[n] = '\0';
			len = 0;
			return n;
		}
		if (len < sizeof(line) - 1)
			line[len++] = c;
	}
}

/* ---- for the rule-breakers ---------------------------------------------------------- */

struct vring *vcons_vring(int queue)
{
	return &vqs[queue].vr;
}

uint16_t vcons_avail_idx(int queue)
{
	return vqs[queue].avail_idx;
}

void vcons_kick(int queue)
{
	vcons.kicks[queue]++;
	vtransport_kick(queue);
}
