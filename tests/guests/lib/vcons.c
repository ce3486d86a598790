// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio console driver for the test guests that talks to the
 * hypervisor exactly as Linux's lguest_device.c + virtio_ring.c +
 * virtio_console.c of the guest's generation do, so the tests built on it
 * (vecho, vbig, vspin, badring) check the hypervisor's device bus, rings
 * and console against what real kernels send, generation by generation:
 *
 *  - The device page is one page at gpa = RAM size (e820_map[0].size,
 *    Linux's max_pfn << 12), which we map ourselves (Linux ioremaps it);
 *    descriptors are packed back to back, {u8 type, num_vq, feature_len,
 *    config_len, status; vqconfig[num_vq] {u16 num, u16 irq, u32 pfn};
 *    host features; guest features; config}, until type 0 or the page's
 *    end.  We take the first of type 3 (VIRTIO_ID_CONSOLE).
 *  - Status: reset (0), ACKNOWLEDGE, DRIVER, features, queues, DRIVER_OK,
 *    written straight into the descriptor.  G5/G6 (2.6.26-3.0) follow
 *    every status write with NOTIFY(gpa of the descriptor); G7 (3.1+)
 *    only a reset, FAILED, and once at the end of finalize_features,
 *    after writing the accepted feature bits.  So the receive queue is
 *    kicked before DRIVER_OK in every generation, and after the features
 *    were final in G7, as in Linux.
 *  - Features: the host's bytes, up to 32 bits; we accept only
 *    VIRTIO_CONSOLE_F_SIZE (and ignore the size); transport bits 28-31
 *    are never accepted.  The accepted set is written at finalize time.
 *  - Rings: the legacy layout of <linux/virtio_ring.h>, vring_init(num,
 *    4096) at vqconfig.pfn << 12, mapped by us; the free list threaded
 *    through desc.next as Linux keeps it; kick = NOTIFY(pfn << 12) unless
 *    the host set VRING_USED_F_NO_NOTIFY.
 *  - Queue 0 receives: 2.6.32 posts one page-sized buffer, later kernels
 *    several (we post 8 x 256 bytes for G6/G7); each used buffer is taken
 *    from the used ring in order, its length checked, and posted again.
 *  - Queue 1 transmits: each chunk is offered, kicked, and waited for by
 *    polling the used ring with interrupts off (put_chars up to 2.6.34,
 *    __send_to_port after).  2.6.32/2.6.35-era drivers have no transmit
 *    callback, so G5/G6 set VRING_AVAIL_F_NO_INTERRUPT there; G7 (3.x,
 *    with out_intr) leaves transmit interrupts on and takes them late,
 *    through SEND_INTERRUPTS when interrupts come back on.
 *  - Interrupts: each queue's vqconfig.irq, vector 0x20 + irq, unmasked
 *    in lguest_data.blocked_interrupts.
 * Anything the host gets wrong (a used id we never offered, a used length
 * longer than the buffer, a transmit buffer never returned) is a FAIL.
 */
#include "vcons.h"
#include <linux/virtio_ring.h>

#define DEVICE_TYPE_CONSOLE 3
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FAILED 0x80
#define CONSOLE_F_SIZE (1u << 0)
#define SUPPORTED_FEATURES CONSOLE_F_SIZE
#define VRING_ALIGN 4096
#define VQ_MAX 1024
#define RX 0
#define TX 1
#define TX_TIMEOUT_NS 5000000000ull

#if LG_GEN == 5
#define RX_BUFS 1	/* 2.6.32: one page */
#define RX_BUF_SIZE 4096
#else
#define RX_BUFS 8
#define RX_BUF_SIZE 256
#endif

struct __attribute__((packed)) lguest_vqconfig {
	uint16_t num, irq;
	uint32_t pfn;
};

struct __attribute__((packed)) lguest_device_desc {
	uint8_t type, num_vq, feature_len, config_len, status;
};

struct vqueue {
	struct vring vr;
	uint32_t base_gpa;
	uint16_t num, irq;
	uint16_t free_head, num_free, last_used, avail_idx;
	bool ready;
	const void *token[VQ_MAX];
	uint32_t len[VQ_MAX];
};

struct vcons_info vcons;
vcons_rx_fn vcons_rx_callback;

static struct vqueue vqs[2];
static volatile struct lguest_device_desc *desc;
static uint32_t desc_gpa;
static uint8_t rx_bufs[RX_BUFS][RX_BUF_SIZE] __attribute__((aligned(64)));

/* Received bytes waiting for vcons_read. */
#define INQ_SIZE 8192
static char inq[INQ_SIZE];
static volatile uint32_t inq_head, inq_tail;

__attribute__((noreturn, format(printf, 1, 2))) static void driver_fail(const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printk("lgtest: %s: FAIL virtio console: %s\n", current_test ? current_test : "boot", why);
	lg_shutdown("lgtest done", lgtest_end_reason);
}

/* ---- the status byte ------------------------------------------------------ */

static void status_notify(void)
{
	vcons.status_notifies++;
	hcall(LHCALL_NOTIFY, desc_gpa, 0, 0, 0);
}

/* lg_reset: status 0, and the host hears of it in every generation. */
static void reset_device(void)
{
	desc->status = 0;
	barrier();
	status_notify();
}

/* The virtio core's add_status, through lg_set_status. */
static void add_status(uint8_t bits)
{
	desc->status = desc->status | bits;
	barrier();
#if LG_GEN < 7
	status_notify();		/* 2.6.26-3.0: every status write */
#else
	if (bits & STATUS_FAILED)	/* 3.1+: only failure (and reset, finalize) */
		status_notify();
#endif
}

/* ---- virtqueues ------------------------------------------------------------ */

static bool vq_add(struct vqueue *q, uint32_t pa, uint32_t len, bool writable, const void *token)
{
	if (!q->num_free)
		return false;
	uint16_t head = q->free_head;
	vring_desc_t *d = &q->vr.desc[head];

	q->free_head = d->next;
	q->num_free--;
	d->addr = pa;
	d->len = len;
	d->flags = writable ? VRING_DESC_F_WRITE : 0;
	q->token[head] = token;
	q->len[head] = len;
	q->vr.avail->ring[q->avail_idx % q->num] = head;
	barrier();	/* the entry before the index that publishes it */
	q->vr.avail->idx = ++q->avail_idx;
	return true;
}

static void vq_kick(int i)
{
	struct vqueue *q = &vqs[i];

	barrier();
	if (!(q->vr.used->flags & VRING_USED_F_NO_NOTIFY)) {
		vcons.kicks[i]++;
		hcall(LHCALL_NOTIFY, q->base_gpa, 0, 0, 0);
	}
}

/* The next used buffer's token, or NULL; checks what the host wrote. */
static const void *vq_get(struct vqueue *q, uint32_t *len, const char *which)
{
	uint16_t used_idx = q->vr.used->idx;

	if (used_idx == q->last_used)
		return NULL;
	if ((uint16_t)(used_idx - q->last_used) > q->num)
		driver_fail("%s used index jumped from %u to %u (ring of %u)", which,
			    q->last_used, used_idx, q->num);
	barrier();	/* the element after the index */
	vring_used_elem_t e = q->vr.used->ring[q->last_used % q->num];
	if (e.id >= q->num || !q->token[e.id])
		driver_fail("%s used ring returns descriptor %u, which we did not offer", which,
			    e.id);
	if (e.len > q->len[e.id])
		driver_fail("%s used ring says %u bytes of a %u-byte buffer", which, e.len,
			    q->len[e.id]);
	const void *token = q->token[e.id];
	q->token[e.id] = NULL;
	q->vr.desc[e.id].next = q->free_head;
	q->free_head = e.id;
	q->num_free++;
	q->last_used++;
	*len = e.len;
	return token;
}

static const char *vq_setup(int i, const struct lguest_vqconfig *cfg)
{
	struct vqueue *q = &vqs[i];
	uint32_t size, pa = cfg->pfn << 12, va = VCONS_RING_VA(i);

	if (!cfg->num || (cfg->num & (cfg->num - 1)) || cfg->num > VQ_MAX)
		return fail("queue %d has %u entries", i, cfg->num);
	if (cfg->irq >= NR_GUEST_IRQS || cfg->irq == 0)
		return fail("queue %d uses IRQ %u", i, cfg->irq);
	size = vring_size(cfg->num, VRING_ALIGN);
	if (size > VCONS_RING_VA_SPAN)
		return fail("queue %d's ring is %u bytes", i, size);
	/* lg_find_vq: ioremap the ring (write-back from 2.6.26) */
	for (uint32_t off = 0; off < size; off += PAGE_SIZE)
		map_page(va + off, pa + off, PTE_KERNEL);
	vring_init(&q->vr, cfg->num, (void *)(uintptr_t)va, VRING_ALIGN);
	q->base_gpa = pa;
	q->num = cfg->num;
	q->irq = cfg->irq;
	if (q->vr.avail->idx || q->vr.used->idx)
		return fail("queue %d's ring is not fresh (avail %u, used %u)", i,
			    q->vr.avail->idx, q->vr.used->idx);
	/* vring_new_virtqueue: the free list, and no interrupts without a
	 * callback. */
	for (uint16_t k = 0; k + 1 < q->num; k++)
		q->vr.desc[k].next = k + 1;
	q->free_head = 0;
	q->num_free = q->num;
	q->last_used = q->avail_idx = 0;
#if LG_GEN < 7
	q->vr.avail->flags = i == TX ? VRING_AVAIL_F_NO_INTERRUPT : 0;
#else
	q->vr.avail->flags = 0;
#endif
	q->ready = true;
	return NULL;
}

/* ---- interrupts -------------------------------------------------------------- */

static void receive(void)
{
	struct vqueue *q = &vqs[RX];
	const void *token;
	uint32_t len;
	bool reposted = false;

	while ((token = vq_get(q, &len, "receive"))) {
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
		if (!vq_add(q, __pa(data), RX_BUF_SIZE, true, data))
			driver_fail("no free receive descriptor to repost");
		reposted = true;
	}
	if (reposted)
		vq_kick(RX);
}

static void vcons_interrupt(struct trap_frame *f)
{
	uint32_t irq = f->vector - IRQ_VECTOR(0);

	if (vqs[RX].ready && irq == vqs[RX].irq) {
		vcons.irqs[RX]++;
		receive();
	}
	if (vqs[TX].ready && irq == vqs[TX].irq)
		vcons.irqs[TX]++;	/* out_intr: vcons_write reclaims for itself */
}

/* ---- finding and starting the device ------------------------------------------ */

static const char *probe(void)
{
	const uint8_t *page = (const uint8_t *)(uintptr_t)VCONS_VA;
	uint32_t off = 0;
	const char *why;

	vcons.page_gpa = ram_bytes;	/* max_pfn << PAGE_SHIFT */
	map_page(VCONS_VA, vcons.page_gpa, PTE_KERNEL);
	for (;;) {
		if (off + sizeof(struct lguest_device_desc) > PAGE_SIZE)
			return fail("no console on the device page");
		const struct lguest_device_desc *d = (const void *)(page + off);
		if (d->type == 0)
			return fail("no console on the device page (%u bytes of descriptors)", off);
		uint32_t size = sizeof(*d) + d->num_vq * sizeof(struct lguest_vqconfig) +
				d->feature_len * 2u + d->config_len;
		if (off + size > PAGE_SIZE)
			return fail("descriptor at %u runs off the device page", off);
		if (d->type == DEVICE_TYPE_CONSOLE)
			break;
		off += size;
	}
	desc = (volatile void *)(page + off);
	desc_gpa = vcons.page_gpa + off;
	vcons.desc_offset = off;
	vcons.num_vq = desc->num_vq;
	vcons.feature_len = desc->feature_len;
	vcons.config_len = desc->config_len;

	/* register_virtio_device: reset, ACKNOWLEDGE; the bus probe: DRIVER. */
	reset_device();
	add_status(STATUS_ACK);
	add_status(STATUS_DRIVER);

	const struct lguest_vqconfig *vqc = (const void *)(page + off + sizeof(*desc));
	uint8_t *host_feat = (uint8_t *)(vqc + desc->num_vq);
	uint8_t *guest_feat = host_feat + desc->feature_len;
	for (unsigned b = 0; b < desc->feature_len * 8u && b < 32; b++)
		if (host_feat[b / 8] & (1u << (b % 8)))
			vcons.host_features |= 1u << b;
	vcons.guest_features = vcons.host_features & SUPPORTED_FEATURES;

	/* finalize_features: the accepted set into the guest bytes. */
	memset(guest_feat, 0, desc->feature_len);
	for (unsigned b = 0; b < desc->feature_len * 8u && b < 32; b++)
		if (vcons.guest_features & (1u << b))
			guest_feat[b / 8] |= 1u << (b % 8);
#if LG_GEN >= 7
	barrier();
	status_notify();	/* "features final; start the device" */
#endif

	/* virtio_console's probe: find_vqs (receive, transmit), then fill
	 * the receive queue and kick it. */
	if (desc->num_vq < 2) {
		add_status(STATUS_FAILED);
		return fail("the console has %u queues, needs 2", desc->num_vq);
	}
	for (int i = 0; i < 2; i++) {
		struct lguest_vqconfig c;
		memcpy(&c, &vqc[i], sizeof(c));
		vcons.vq[i].num = c.num;
		vcons.vq[i].irq = c.irq;
		vcons.vq[i].pfn = c.pfn;
		if ((why = vq_setup(i, &c))) {
			add_status(STATUS_FAILED);
			return why;
		}
		irq_handlers[c.irq] = vcons_interrupt;
		irq_unblock(c.irq);
	}
	for (int k = 0; k < RX_BUFS; k++)
		vq_add(&vqs[RX], __pa(rx_bufs[k]), RX_BUF_SIZE, true, rx_bufs[k]);
	vq_kick(RX);

	add_status(STATUS_DRIVER_OK);
	return NULL;
}

/* Probes with interrupts off, and leaves them on afterwards, as a kernel
 * runs once its drivers are up (so a held interrupt arrives now). */
const char *vcons_init(void)
{
	irq_disable();
	const char *why = probe();

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

		if (!vq_add(q, __pa(p), n, false, p)) {
			why = "no free transmit descriptor";
			break;
		}
		vq_kick(TX);
		uint64_t t0 = rdtsc();
		while (!(token = vq_get(q, &used_len, "transmit"))) {
			asm volatile("pause");
			if (tsc_to_ns(rdtsc() - t0) > TX_TIMEOUT_NS) {
				why = fail("a %u-byte transmit buffer was not used within 5 s", n);
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
		if (inq_tail == inq_head) {
			lg_halt();	/* wakes with interrupts on, the handler run */
			continue;
		}
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
	hcall(LHCALL_NOTIFY, vqs[queue].base_gpa, 0, 0, 0);
}
