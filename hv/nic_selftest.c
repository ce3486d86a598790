// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv.selftest=nic: the network card driver both ways, with no guest in
 * sight, on a network shaped like QEMU's user networking (slirp: this
 * machine 10.0.2.15, the gateway 10.0.2.2, which also stands for the
 * host's loopback).  It sends
 *   an ARP request for 10.0.2.2, and waits for the reply;
 *   an ICMP echo request to the gateway's MAC, and waits for the echo;
 *   with hv.selftest=nic:PORT, a UDP datagram to 10.0.2.2:PORT (which
 *   slirp passes to 127.0.0.1:PORT on the host) and waits for an answer,
 * each wait bounded, printing what came back, the counters and one
 * verdict line:
 *   selftest nic: done      or      selftest nic: FAILED: <why>
 * Frames that are not the awaited answer (slirp's router advertisements,
 * say) are counted and passed over.
 */
#include "hv/nic_selftest.h"
#include "drivers/clock.h"
#include "drivers/nic.h"
#include "cpu/x86.h"
#include "lib/log.h"
#include "lib/string.h"

/* For each answer: QEMU's e1000 holds frames back for a second after
 * its receiver is enabled, and a test machine may be slow. */
#define WAIT_NS 5000000000ull
#define TICK_NS 10000000ull	/* how long to sleep when nothing happens */
#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define IP_ICMP 1
#define IP_UDP 17
#define ICMP_ID 0x4C47		/* "LG" */
#define UDP_SPORT 40000
#define PAYLOAD 56

static const uint8_t my_ip[4] = { 10, 0, 2, 15 }, gw_ip[4] = { 10, 0, 2, 2 };
static uint8_t gw_mac[6];
static uint32_t others;		/* frames that were not the answer */

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint16_t ip_checksum(const uint8_t *p, uint32_t len)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static void eth_header(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, nic_mac(), 6);
	put16(f + 12, type);
}

/* An IPv4 header at p for a payload of len bytes to the gateway. */
static void ip_header(uint8_t *p, uint8_t proto, uint32_t len)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)(20 + len));
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, my_ip, 4);
	memcpy(p + 16, gw_ip, 4);
	put16(p + 10, ip_checksum(p, 20));
}

/* The payload of an IPv4 packet of that protocol from the gateway to us,
 * checked as far as its headers go; NULL if the frame is not one. */
static const uint8_t *ip_payload(const uint8_t *f, uint32_t len, uint8_t proto, uint32_t *plen)
{
	const uint8_t *ip = f + 14;

	if (len < 34 || get16(f + 12) != ETH_IP || (ip[0] >> 4) != 4 || ip[9] != proto)
		return NULL;
	uint32_t ihl = (ip[0] & 15) * 4u, total = get16(ip + 2);
	if (ihl < 20 || total < ihl || 14 + total > len || memcmp(ip + 12, gw_ip, 4) ||
	    memcmp(ip + 16, my_ip, 4))
		return NULL;
	*plen = total - ihl;
	return ip + ihl;
}

/* Sends the frame, then takes frames until match says one is the answer
 * or the time is up; the answer's receive time in us, or -1. */
static int32_t exchange(const uint8_t *frame, uint32_t len,
			bool (*match)(const uint8_t *f, uint32_t len))
{
	static uint8_t buf[NIC_MAX_FRAME];
	uint64_t start = clock_now_ns();

	if (!nic_send(frame, len))
		return -1;
	while (clock_now_ns() - start < WAIT_NS) {
		uint32_t n;
		nic_service();	/* the card may interrupt again from here on */
		while ((n = nic_receive(buf, sizeof(buf))) != 0) {
			if (match(buf, n))
				return (int32_t)((clock_now_ns() - start) / 1000);
			others++;
		}
		if (!nic_event_pending) {
			clock_set_oneshot(TICK_NS);
			sti_hlt();	/* the card's interrupt or the tick */
			cli();
		}
	}
	return -1;
}

static bool is_arp_reply(const uint8_t *f, uint32_t len)
{
	const uint8_t *a = f + 14;

	if (len < 42 || get16(f + 12) != ETH_ARP || get16(a + 6) != 2 || memcmp(a + 14, gw_ip, 4))
		return false;
	memcpy(gw_mac, a + 8, 6);
	return true;
}

static bool is_echo_reply(const uint8_t *f, uint32_t len)
{
	uint32_t n;
	const uint8_t *icmp = ip_payload(f, len, IP_ICMP, &n);

	if (!icmp || n != 8 + PAYLOAD || icmp[0] != 0 || get16(icmp + 4) != ICMP_ID ||
	    ip_checksum(icmp, n) != 0)
		return false;
	for (uint32_t i = 0; i < PAYLOAD; i++)
		if (icmp[8 + i] != (uint8_t)(i * 3))
			return false;
	return true;
}

static uint16_t udp_port;
static char udp_answer[64];

static bool is_udp_answer(const uint8_t *f, uint32_t len)
{
	uint32_t n;
	const uint8_t *udp = ip_payload(f, len, IP_UDP, &n);

	if (!udp || n < 8 || get16(udp) != udp_port || get16(udp + 2) != UDP_SPORT ||
	    get16(udp + 4) < 8 || get16(udp + 4) > n)
		return false;
	n = get16(udp + 4) - 8;
	if (n >= sizeof(udp_answer))
		n = sizeof(udp_answer) - 1;
	for (uint32_t i = 0; i < n; i++) {
		char c = (char)udp[8 + i];
		udp_answer[i] = c >= ' ' && c <= '~' ? c : '.';
	}
	udp_answer[n] = '\0';
	return true;
}

static const char *arp(uint8_t *f)
{
	static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	uint8_t *a = f + 14;
	int32_t us;

	eth_header(f, broadcast, ETH_ARP);
	memset(a, 0, 46);
	put16(a, 1);		/* Ethernet */
	put16(a + 2, ETH_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);	/* request */
	memcpy(a + 8, nic_mac(), 6);
	memcpy(a + 14, my_ip, 4);
	memcpy(a + 24, gw_ip, 4);
	us = exchange(f, 60, is_arp_reply);
	if (us < 0)
		return "no ARP reply from 10.0.2.2";
	kprintf("selftest nic: ARP: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x (%d us)\n",
		gw_mac[0], gw_mac[1], gw_mac[2], gw_mac[3], gw_mac[4], gw_mac[5], us);
	return NULL;
}

static const char *ping(uint8_t *f)
{
	uint8_t *icmp = f + 34;
	int32_t us;

	eth_header(f, gw_mac, ETH_IP);
	ip_header(f + 14, IP_ICMP, 8 + PAYLOAD);
	memset(icmp, 0, 8);
	icmp[0] = 8;		/* echo request */
	put16(icmp + 4, ICMP_ID);
	put16(icmp + 6, 1);
	for (uint32_t i = 0; i < PAYLOAD; i++)
		icmp[8 + i] = (uint8_t)(i * 3);
	put16(icmp + 2, ip_checksum(icmp, 8 + PAYLOAD));
	us = exchange(f, 34 + 8 + PAYLOAD, is_echo_reply);
	if (us < 0)
		return "no ICMP echo reply from 10.0.2.2";
	kprintf("selftest nic: ICMP: echo reply from 10.0.2.2, %u bytes, payload intact (%d us)\n",
		8 + PAYLOAD, us);
	return NULL;
}

static const char *udp(uint8_t *f)
{
	static const char text[] = "lghv nic selftest";
	uint32_t n = sizeof(text) - 1;
	uint8_t *u = f + 34;
	int32_t us;

	eth_header(f, gw_mac, ETH_IP);
	ip_header(f + 14, IP_UDP, 8 + n);
	put16(u, UDP_SPORT);
	put16(u + 2, udp_port);
	put16(u + 4, (uint16_t)(8 + n));
	put16(u + 6, 0);	/* no checksum: allowed over IPv4 */
	memcpy(u + 8, text, n);
	us = exchange(f, 34 + 8 + n, is_udp_answer);
	if (us < 0)
		return "no UDP answer from 10.0.2.2";
	kprintf("selftest nic: UDP: 10.0.2.2:%u answered \"%s\" (%d us)\n", udp_port, udp_answer,
		us);
	return NULL;
}

static const char *run(void)
{
	static uint8_t frame[NIC_MTU_FRAME];
	uint64_t start = clock_now_ns();
	const char *why;

	if (!nic_present())
		return "no network card";
	while (!nic_link_up() && clock_now_ns() - start < WAIT_NS) {
		clock_set_oneshot(TICK_NS);
		sti_hlt();
		cli();
	}
	if (!nic_link_up())
		return "the link is down";
	kprintf("selftest nic: %s, link up\n", nic_name());
	if ((why = arp(frame)) || (why = ping(frame)))
		return why;
	if (udp_port && (why = udp(frame)))
		return why;
	return NULL;
}

/* A port number 1..65535 in decimal, or 0. */
static uint16_t parse_port(const char *s)
{
	uint32_t v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (uint32_t)(*s - '0')) > 65535)
			return 0;
	}
	return (uint16_t)v;
}

void nic_selftest(const char *port)
{
	struct nic_stats s;
	const char *why = NULL;

	udp_port = port ? parse_port(port) : 0;
	if (port && !udp_port)
		why = "the port is not a number from 1 to 65535";
	else
		why = run();
	nic_stats(&s);
	kprintf("selftest nic: rx %llu frames %llu bytes %llu dropped, tx %llu frames %llu bytes "
		"%llu dropped, %llu interrupts, %u other frames passed over\n", s.rx_frames,
		s.rx_bytes, s.rx_dropped, s.tx_frames, s.tx_bytes, s.tx_dropped, s.interrupts,
		others);
	if (why)
		kprintf("selftest nic: FAILED: %s\n", why);
	else
		kprintf("selftest nic: done\n");
}
