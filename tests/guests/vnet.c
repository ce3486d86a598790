// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vnet:ROLE -- guests' network cards (virtio-net, lib/vnet.c) and
 * the switches between them, as the hypervisor promises them: frames
 * arrive whole, in order and only where they are meant to go.  Several
 * guests play roles on two switches (tests/integration/test_net_guests.py
 * boots them, "lan" and "dmz"):
 *   a:N:ROLES  on lan; waits for a HELLO broadcast from each role in
 *              ROLES, learns b's MAC from its HELLO, sends three frames
 *              with a source MAC not its own (refused by the switch),
 *              then N frames of 14 to 1518 bytes (each size and byte
 *              fixed by its number) to b, at most 16 unanswered, checks
 *              every echo byte for byte and in order, then three
 *              broadcasts and an END broadcast;
 *   b          on lan; HELLOs until the first frame; checks each of the
 *              N frames, echoes it; at END: all N in order, three
 *              broadcasts, nothing spoofed or foreign;
 *   c          eth0 on lan: HELLOs, then expects exactly a's three
 *              broadcasts and END and no unicast at all; eth1 (if it has
 *              one) on dmz: sends broadcasts there, must hear only e, and
 *              passes END on to dmz;
 *   e:MAC      on dmz alone; broadcasts, and unicasts to MAC (b's, on
 *              the other switch: unknown here, so nobody's), must hear
 *              only c's eth1, never a lan frame; ends at c's END.
 * Every card prints its place, MAC, status, features and header size,
 * and that its interrupts arrived.  Every wait is bounded (30 s).
 */
#include "vnet.h"

#define T_CTRL 0x88B5		/* HELLO, BCAST, END: "LGVN", kind, role */
#define T_DATA 0x88B6		/* a's numbered frames and b's echoes */
#define T_FOREIGN 0x88B7	/* dmz traffic */
#define T_SPOOF 0x88B8		/* must never arrive anywhere */
#define K_HELLO 'H'
#define K_BCAST 'B'
#define K_END 'E'
#define WINDOW 16
#define NBCAST 3
#define TIMEOUT_NS 30000000000ull
#define HELLO_NS 100000000ull

static const uint8_t BCAST_MAC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct vnet cards[VNET_MAX];
static unsigned nr_cards;
static uint8_t tx[VNET_FRAME_MAX], rx[VNET_FRAME_MAX];
static char role;

/* What a guest saw. */
static struct {
	uint8_t a_mac[6], b_mac[6], peer_mac[6];	/* peer: the other end on dmz */
	bool a_known, b_known, peer_known, end;
	char hellos[8];			/* roles heard from */
	unsigned data, echoes, bcasts, foreign, hello_frames;
} st;

static uint32_t data_len(unsigned i)
{
	static const uint32_t first[] = { 14, 1518, 15, 1514, 60, 64 };

	return i < 6 ? first[i] : 14 + (i * 97u) % 1505u;
}

static uint8_t data_byte(unsigned i, unsigned j)
{
	return (uint8_t)(i * 13u + j * 3u + (j >> 8) + 1);
}

static void header(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = (uint8_t)(type >> 8);
	f[13] = (uint8_t)type;
}

static uint16_t type_of(const uint8_t *f) { return (uint16_t)(f[12] << 8 | f[13]); }
static bool is_group(const uint8_t *mac) { return mac[0] & 1; }

static const char *mac_str(const uint8_t *mac)
{
	static char s[4][18];
	static unsigned k;
	char *out = s[k++ % 4];

	vnet_format_mac(out, mac);
	return out;
}

static const char *send_ctrl(struct vnet *n, const uint8_t *dst, uint16_t type, char kind)
{
	header(tx, dst, n->mac, type);
	memset(tx + 14, 0, 50);
	memcpy(tx + 14, "LGVN", 4);
	tx[18] = (uint8_t)kind;
	tx[19] = (uint8_t)role;
	return vnet_send(n, tx, 64);
}

static bool is_ctrl(const uint8_t *f, uint32_t len, char kind)
{
	return len == 64 && type_of(f) == T_CTRL && !memcmp(f + 14, "LGVN", 4) && f[18] == kind;
}

static const char *check_data(const uint8_t *f, uint32_t len, unsigned i, const char *what)
{
	CHECK(len == data_len(i), "%s %u: %u bytes, expected %u", what, i, len, data_len(i));
	for (unsigned j = 14; j < len; j++)
		CHECK(f[j] == data_byte(i, j), "%s %u: byte %u is %#x, expected %#x", what, i, j,
		      f[j], data_byte(i, j));
	return NULL;
}

/* One frame on lan (card 0): what each role may see. */
static const char *on_lan(struct vnet *n, const uint8_t *f, uint32_t len)
{
	const uint8_t *dst = f, *src = f + 6;
	uint16_t t = type_of(f);
	const char *why;

	CHECK(t != T_SPOOF, "%s: a frame with a spoofed source %s arrived", n->name, mac_str(src));
	CHECK(t != T_FOREIGN, "%s: a frame from the other switch (%s) arrived", n->name,
	      mac_str(src));
	CHECK(is_group(dst) || !memcmp(dst, n->mac, 6), "%s: a frame for %s arrived", n->name,
	      mac_str(dst));
	CHECK(memcmp(src, n->mac, 6), "%s: our own frame came back", n->name);
	if (is_ctrl(f, len, K_HELLO)) {
		CHECK(is_group(dst), "%s: a unicast HELLO", n->name);
		st.hello_frames++;
		if (!strchr(st.hellos, f[19]) && strlen(st.hellos) < sizeof(st.hellos) - 1)
			st.hellos[strlen(st.hellos)] = (char)f[19];
		if (f[19] == 'b' && !st.b_known) {
			memcpy(st.b_mac, src, 6);
			st.b_known = true;
		}
		return NULL;
	}
	if (role != 'a' && type_of(f) == T_CTRL && f[19] == 'a') {
		CHECK(!st.a_known || !memcmp(st.a_mac, src, 6), "a second a: %s", mac_str(src));
		memcpy(st.a_mac, src, 6);
		st.a_known = true;
		CHECK(!st.end, "%s: a frame after END", n->name);
		if (is_ctrl(f, len, K_BCAST)) {
			CHECK(is_group(dst), "%s: a unicast BCAST", n->name);
			st.bcasts++;
			return NULL;
		}
		if (is_ctrl(f, len, K_END)) {
			st.end = true;
			return NULL;
		}
	}
	if (role == 'b' && t == T_DATA && !is_group(dst)) {
		if (!st.a_known) {
			memcpy(st.a_mac, src, 6);
			st.a_known = true;
		}
		CHECK(!memcmp(src, st.a_mac, 6), "data from %s, not a", mac_str(src));
		if ((why = check_data(f, len, st.data, "frame")))
			return why;
		st.data++;
		memcpy(tx, f, len);
		header(tx, src, n->mac, T_DATA);
		return vnet_send(n, tx, len);
	}
	if (role == 'a' && t == T_DATA && !is_group(dst)) {
		CHECK(st.b_known && !memcmp(src, st.b_mac, 6), "data from %s, not b", mac_str(src));
		if ((why = check_data(f, len, st.echoes, "echo")))
			return why;
		st.echoes++;
		return NULL;
	}
	return fail("%s: unexpected frame of %u bytes, type %#x, from %s to %s", n->name, len, t,
		    mac_str(src), mac_str(dst));
}

/* One frame on dmz: only the peer's broadcasts, unicasts to us and END. */
static const char *on_dmz(struct vnet *n, const uint8_t *f, uint32_t len)
{
	const uint8_t *dst = f, *src = f + 6;

	CHECK(type_of(f) == T_FOREIGN, "%s: a frame of type %#x from %s (another switch's?)",
	      n->name, type_of(f), mac_str(src));
	CHECK(is_group(dst) || !memcmp(dst, n->mac, 6), "%s: a frame for %s arrived", n->name,
	      mac_str(dst));
	CHECK(!st.peer_known || !memcmp(src, st.peer_mac, 6), "%s: frames from %s and %s",
	      n->name, mac_str(st.peer_mac), mac_str(src));
	memcpy(st.peer_mac, src, 6);
	st.peer_known = true;
	st.foreign++;
	if (len == 64 && f[18] == K_END)
		st.end = true;
	return NULL;
}

/* Takes every frame that arrived on every card. */
static const char *pump(void)
{
	const char *why;
	uint32_t len;
	int r;

	for (unsigned c = 0; c < nr_cards; c++) {
		struct vnet *n = &cards[c];
		bool dmz = role == 'e' || c == 1;
		while ((r = vnet_recv(n, rx, &len, &why)) > 0)
			if ((why = dmz ? on_dmz(n, rx, len) : on_lan(n, rx, len)))
				return why;
		if (r < 0 || (why = vnet_reap_tx(n)))
			return why;
	}
	return NULL;
}

/* Pumps until done() or 30 s; every HELLO_NS, tick() (periodic sends). */
static const char *wait_until(bool (*done)(void), const char *(*tick)(void), const char *what)
{
	uint64_t t0 = rdtsc(), last = 0;
	const char *why;

	while (!done()) {
		if ((why = pump()))
			return why;
		uint64_t now = tsc_to_ns(rdtsc() - t0);
		CHECK(now < TIMEOUT_NS, "no %s within 30 s", what);
		if (tick && (last == 0 || now - last >= HELLO_NS)) {
			last = now ? now : 1;
			if ((why = tick()))
				return why;
		}
		asm volatile("pause");
	}
	return NULL;
}

static const char *say_card(struct vnet *n)
{
	struct vdev *d = &n->dev;

#if LG_PCI
	say("%s: 00:%02x.0, IRQ %u, queues of %u and %u", n->name, d->pci.slot, d->irq[0],
	    n->rx.num, n->tx.num);
#else
	say("%s: device page +%u, IRQs %u and %u, queues of %u and %u", n->name, d->desc_off,
	    d->irq[0], d->irq[1], n->rx.num, n->tx.num);
#endif
	say("%s: MAC %s, status %#x, features offered %#llx, accepted %#llx, header %u bytes",
	    n->name, mac_str(n->mac), n->status, (unsigned long long)d->host_features,
	    (unsigned long long)d->guest_features, n->hdr_len);
	/* Without STATUS (2.6.24-2.6.29 know none) the link is taken as up. */
	CHECK(!(d->guest_features & (1ull << VIRTIO_NET_F_STATUS)) ||
	      (n->status & VIRTIO_NET_S_LINK_UP), "%s: the link is down", n->name);
	CHECK(!is_group(n->mac), "%s: a group MAC", n->name);
	return NULL;
}

static const char *irqs_arrived(void)
{
	for (unsigned c = 0; c < nr_cards; c++) {
		CHECK(cards[c].irqs, "%s: no interrupt arrived", cards[c].name);
		say("%s: interrupts arrived", cards[c].name);
	}
	return NULL;
}

/* ---- the roles ----------------------------------------------------------- */

static const char *roles_wanted;
static unsigned n_data;

static bool heard_all(void)
{
	for (const char *r = roles_wanted; *r; r++)
		if (!strchr(st.hellos, *r))
			return false;
	return st.b_known;
}

static bool all_back(void) { return st.echoes == n_data; }

static const char *role_a(void)
{
	static const uint8_t fake[2][6] = { { 0x02, 0xba, 0xd0, 0, 0, 1 },
					    { 0x02, 0xba, 0xd0, 0, 0, 2 } };
	struct vnet *n = &cards[0];
	const char *why;

	if ((why = wait_until(heard_all, NULL, "HELLO from every role")))
		return why;
	say("heard %s; b is %s", roles_wanted, mac_str(st.b_mac));
	/* Speaking as someone else: as b to b, as a stranger to b and to all. */
	const uint8_t *spoof[3][2] = { { st.b_mac, st.b_mac }, { st.b_mac, fake[0] },
				       { BCAST_MAC, fake[1] } };
	for (unsigned k = 0; k < 3; k++) {
		header(tx, spoof[k][0], spoof[k][1], T_SPOOF);
		memset(tx + 14, 0x5A, 50);
		if ((why = vnet_send(n, tx, 64)))
			return why;
	}
	if ((why = vnet_flush_tx(n)))
		return why;
	say("3 frames with a source MAC not ours sent");
	uint64_t t0 = rdtsc();
	for (unsigned i = 0; i < n_data; i++) {
		while (i - st.echoes >= WINDOW) {
			if ((why = pump()))
				return why;
			CHECK(tsc_to_ns(rdtsc() - t0) < TIMEOUT_NS, "only %u of %u frames echoed in "
			      "30 s", st.echoes, i);
		}
		uint32_t len = data_len(i);
		header(tx, st.b_mac, n->mac, T_DATA);
		for (unsigned j = 14; j < len; j++)
			tx[j] = data_byte(i, j);
		if ((why = vnet_send(n, tx, len)))
			return why;
	}
	if ((why = wait_until(all_back, NULL, "echo of every frame")))
		return why;
	say("%u frames of 14 to 1518 bytes to b, each echoed back intact and in order", n_data);
	for (unsigned k = 0; k < NBCAST; k++)
		if ((why = send_ctrl(n, BCAST_MAC, T_CTRL, K_BCAST)))
			return why;
	if ((why = send_ctrl(n, BCAST_MAC, T_CTRL, K_END)) || (why = vnet_flush_tx(n)) ||
	    (why = pump()))
		return why;
	CHECK(!st.bcasts, "our own broadcast came back");
	say("%u broadcasts and END sent", NBCAST);
	return irqs_arrived();
}

static bool saw_a(void) { return st.a_known; }
static bool saw_end(void) { return st.end; }

static const char *hello_lan(void)
{
	return send_ctrl(&cards[0], BCAST_MAC, T_CTRL, K_HELLO);
}

static const char *role_b(void)
{
	const char *why;

	if ((why = wait_until(saw_a, hello_lan, "frame from a")) ||
	    (why = wait_until(saw_end, NULL, "END from a")) || (why = vnet_flush_tx(&cards[0])))
		return why;
	CHECK(st.bcasts == NBCAST, "%u broadcasts from a, expected %u", st.bcasts, NBCAST);
	say("%u frames from %s in order, every byte right, each echoed", st.data,
	    mac_str(st.a_mac));
	say("%u broadcasts and END from a; nothing spoofed or foreign", st.bcasts);
	return irqs_arrived();
}

static uint8_t e_target[6];

/* dmz traffic: a broadcast, and from e a unicast for b's MAC too. */
static const char *tick_dmz(void)
{
	struct vnet *n = &cards[role == 'e' ? 0 : 1];
	const char *why;

	if ((why = send_ctrl(n, BCAST_MAC, T_FOREIGN, K_HELLO)))
		return why;
	return role == 'e' ? send_ctrl(n, e_target, T_FOREIGN, K_HELLO) : NULL;
}

static const char *tick_c(void)
{
	const char *why = st.a_known ? NULL : hello_lan();

	return why ? why : nr_cards > 1 ? tick_dmz() : NULL;
}

static bool c_done(void) { return st.end && (nr_cards < 2 || st.foreign); }

static const char *role_c(void)
{
	const char *why;

	if ((why = wait_until(c_done, tick_c, "END from a (and a frame from dmz)")))
		return why;
	CHECK(st.bcasts == NBCAST, "%u broadcasts from a, expected %u", st.bcasts, NBCAST);
	say("lan: %u broadcasts and END from %s; no unicast, spoofed or foreign frame", st.bcasts,
	    mac_str(st.a_mac));
	if (nr_cards > 1) {
		if ((why = send_ctrl(&cards[1], BCAST_MAC, T_FOREIGN, K_END)) ||
		    (why = vnet_flush_tx(&cards[1])))
			return why;
		say("dmz: only frames from %s; END passed on", mac_str(st.peer_mac));
	}
	return irqs_arrived();
}

static const char *role_e(void)
{
	const char *why;

	if ((why = wait_until(saw_end, tick_dmz, "END from c on dmz")))
		return why;
	say("dmz: %s frames only from %s, none from lan", st.foreign > 1 ? "several" : "one",
	    mac_str(st.peer_mac));
	return irqs_arrived();
}

const char *test_vnet(void)
{
	const char *arg = current_test_arg ? current_test_arg : "";
	const char *why;

	role = arg[0];
	CHECK(role && strchr("abce", role) && (arg[1] == '\0' || arg[1] == ':'),
	      "unknown role '%s' (a:N:ROLES, b, c or e:MAC)", arg);
	if (role == 'a') {
		n_data = 0;
		const char *p = arg + 2;
		while (*p >= '0' && *p <= '9')
			n_data = n_data * 10 + (unsigned)(*p++ - '0');
		CHECK(arg[1] == ':' && *p == ':' && n_data, "usage: a:N:ROLES");
		roles_wanted = p + 1;
	}
	if (role == 'e')
		CHECK(arg[1] == ':' && vnet_parse_mac(arg + 2, e_target), "usage: e:MAC (12 hex digits)");
	for (nr_cards = 0; nr_cards < VNET_MAX; nr_cards++)
		if ((why = vnet_open(&cards[nr_cards], nr_cards, 32))) {
			if (!nr_cards)
				return why;
			break;
		}
	say("role %c, %u card%s", role, nr_cards, nr_cards > 1 ? "s" : "");
	for (unsigned c = 0; c < nr_cards; c++)
		if ((why = say_card(&cards[c])))
			return why;
	switch (role) {
	case 'a': return role_a();
	case 'b': return role_b();
	case 'c': return role_c();
	default: return role_e();
	}
}
