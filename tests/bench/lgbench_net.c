// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgbench's network rows: TCP throughput from this machine to another, in
 * TSC ticks per MiB.  Both ends are named on the kernel command line:
 *
 *   lgbench.ip=A.B.C.D             eth0 gets that address (a /24) and
 *                                  is brought up, by ioctls of our own
 *                                  (so with any user space: busybox's
 *                                  initramfs or klibc's)
 *   lgbench.net=TAG:send:A.B.C.D:P send NET_MIB MiB to A.B.C.D port P, over
 *                                  each of NET_PASSES connections, and
 *                                  report the best as net_TAG
 *   lgbench.net=TAG:recv:P         the other end, another guest: take
 *                                  NET_PASSES connections on port P, each
 *                                  read to its end, and say how much came
 *
 * A pass is timed from the connection made to the receiver's end of it:
 * the sender writes everything, shuts its sending half, and waits for the
 * receiver, which closes once it has read the last byte.  So a pass ends
 * only when every byte has arrived, not when the last one is queued here.
 * The best of the passes is kept, as for the disk rows: under QEMU
 * -icount, waits for QEMU's own network (its user network, outside) follow
 * the host's clock.
 *
 * The sockets go through socketcall(2): i386 kernels before 4.3 have no
 * separate socket system calls, and later ones keep socketcall.
 */
#include "lgbench.h"

enum { NET_MIB = 16, NET_PASSES = 3, CHUNK = 64 << 10 };

enum {
	SOCKOP_SOCKET = 1, SOCKOP_BIND = 2, SOCKOP_CONNECT = 3, SOCKOP_LISTEN = 4,
	SOCKOP_ACCEPT = 5, SOCKOP_SHUTDOWN = 13, SOCKOP_SETSOCKOPT = 14,
	AF_INET = 2, SOCK_STREAM = 1, SOL_SOCKET = 1, SO_REUSEADDR = 2, SHUT_WR = 1,
};

struct sockaddr_in4 {
	uint16_t family;
	uint16_t port;		/* network byte order */
	uint32_t addr;		/* network byte order: the first octet lowest */
	uint32_t zero[2];
};

/* socketcall(OP, ARGS): the operation's arguments in an array. */
static long sockcall(long op, long a, long b, long c)
{
	long args[3] = { a, b, c };
	return sys3(SYS_socketcall, op, (long)args, 0);
}

static void nap_ms(long ms)
{
	long ts[2] = { ms / 1000, (ms % 1000) * 1000000 };
	sys3(SYS_nanosleep, (long)ts, 0, 0);
}

/* "A.B.C.D" -> the address as it lies in memory; the text after it in *end. */
static uint32_t parse_ip(const char *s, const char **end)
{
	uint32_t ip = 0;
	for (int i = 0; i < 4; i++) {
		uint32_t octet = 0;
		while (*s >= '0' && *s <= '9')
			octet = octet * 10 + (uint32_t)(*s++ - '0');
		ip |= (octet & 0xff) << (8 * i);
		if (*s == '.')
			s++;
	}
	*end = s;
	return ip;
}

static uint16_t parse_port(const char *s)
{
	uint32_t p = 0;
	while (*s >= '0' && *s <= '9')
		p = p * 10 + (uint32_t)(*s++ - '0');
	return (uint16_t)(((p & 0xff) << 8) | ((p >> 8) & 0xff));
}

static struct sockaddr_in4 sockaddr(uint32_t ip, uint16_t port)
{
	struct sockaddr_in4 sa;
	sa.family = AF_INET;
	sa.port = port;
	sa.addr = ip;
	sa.zero[0] = sa.zero[1] = 0;
	return sa;
}

/* The interface requests of <linux/sockios.h>, and struct ifreq as i386
 * lays it out: a 16-byte name, then a 16-byte union (an address, or the
 * flags in its first two bytes). */
enum {
	SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914, SIOCSIFADDR = 0x8916,
	SIOCSIFNETMASK = 0x891c, IFF_UP = 1,
};

struct ifreq4 {
	char name[16];
	union {
		struct sockaddr_in4 addr;
		uint16_t flags;
	} u;
};

static long ifreq(long fd, long request, struct ifreq4 *r)
{
	const char eth0[] = "eth0";

	for (unsigned i = 0; i < sizeof(r->name); i++)
		r->name[i] = i < sizeof(eth0) ? eth0[i] : 0;
	return sys3(SYS_ioctl, fd, request, (long)r);
}

void net_address(const char *ip)
{
	const char *rest, mask[] = "255.255.255.0";
	long fd = sockcall(SOCKOP_SOCKET, AF_INET, SOCK_STREAM, 0);
	struct ifreq4 r;

	if (fd < 0)
		return;
	r.u.addr = sockaddr(parse_ip(ip, &rest), 0);
	ifreq(fd, SIOCSIFADDR, &r);
	r.u.addr = sockaddr(parse_ip(mask, &rest), 0);
	ifreq(fd, SIOCSIFNETMASK, &r);
	if (ifreq(fd, SIOCGIFFLAGS, &r) == 0) {
		r.u.flags |= IFF_UP;
		ifreq(fd, SIOCSIFFLAGS, &r);
	}
	sys3(SYS_close, fd, 0, 0);
}

/* Reads to the end; how many bytes came. */
static uint64_t drain(long fd, char *buf)
{
	uint64_t total = 0;
	long n;
	while ((n = sys3(SYS_read, fd, (long)buf, CHUNK)) > 0)
		total += (uint64_t)n;
	return total;
}

/* A connection to the receiver; it may not be listening yet (the other
 * guest still booting, a native card's link still coming up): a minute of
 * tries. */
static long connect_to(const struct sockaddr_in4 *sa)
{
	for (int tries = 0; tries < 600; tries++) {
		long fd = sockcall(SOCKOP_SOCKET, AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return fd;
		if (sockcall(SOCKOP_CONNECT, fd, (long)sa, sizeof(*sa)) == 0)
			return fd;
		sys3(SYS_close, fd, 0, 0);
		nap_ms(100);
	}
	return -1;
}

/* One pass; 0 when it failed. */
static uint64_t send_pass(const struct sockaddr_in4 *sa, char *buf)
{
	long fd = connect_to(sa);
	if (fd < 0)
		return 0;
	uint64_t t = now_ns();
	for (long left = (long)NET_MIB * MIB; left > 0;) {
		long n = sys3(SYS_write, fd, (long)buf, left < CHUNK ? left : CHUNK);
		if (n <= 0) {
			sys3(SYS_close, fd, 0, 0);
			return 0;
		}
		left -= n;
	}
	sockcall(SOCKOP_SHUTDOWN, fd, SHUT_WR, 0);
	drain(fd, buf);		/* the receiver's end: it has everything */
	t = now_ns() - t;
	sys3(SYS_close, fd, 0, 0);
	return t ? t : 1;
}

static void send_row(const char *tag, const char *where, char *buf)
{
	const char *rest;
	uint32_t ip = parse_ip(where, &rest);
	struct sockaddr_in4 sa = sockaddr(ip, parse_port(*rest == ':' ? rest + 1 : rest));
	uint64_t best = ~0ull;

	for (long i = 0; i < CHUNK; i++)
		buf[i] = (char)(i * 7);
	for (int pass = 0; pass < NET_PASSES; pass++) {
		uint64_t t = send_pass(&sa, buf);
		if (!t) {
			out("lgbench: net ");
			out(tag);
			out(": cannot send to ");
			out(where);
			out("\n");
			return;
		}
		best = t < best ? t : best;
	}
	report_tagged("net_", tag, best, NET_MIB);
}

static void recv_row(const char *tag, const char *port, char *buf)
{
	struct sockaddr_in4 sa = sockaddr(0, parse_port(port));
	long one = 1, fd = sockcall(SOCKOP_SOCKET, AF_INET, SOCK_STREAM, 0);
	uint64_t total = 0;
	int pass;

	long opt[5] = { fd, SOL_SOCKET, SO_REUSEADDR, (long)&one, sizeof(one) };

	/* setsockopt has five arguments: the array by hand */
	sys3(SYS_socketcall, SOCKOP_SETSOCKOPT, (long)opt, 0);
	if (fd < 0 || sockcall(SOCKOP_BIND, fd, (long)&sa, sizeof(sa)) ||
	    sockcall(SOCKOP_LISTEN, fd, 4, 0)) {
		out("lgbench: net ");
		out(tag);
		out(": cannot listen\n");
		return;
	}
	for (pass = 0; pass < NET_PASSES; pass++) {
		long c = sockcall(SOCKOP_ACCEPT, fd, 0, 0);
		if (c < 0)
			break;
		total += drain(c, buf);
		sys3(SYS_close, c, 0, 0);
	}
	sys3(SYS_close, fd, 0, 0);
	out("lgbench: net ");
	out(tag);
	out(": received ");
	out_num(total);
	out(" bytes over ");
	out_num((uint64_t)pass);
	out(" connections\n");
}

int net_one(const char *spec)
{
	static char tag[16];
	char *buf = map(CHUNK);
	int n = 0, sink = 0;

	while (spec[n] && spec[n] != ':' && n < (int)sizeof(tag) - 1) {
		tag[n] = spec[n];
		n++;
	}
	tag[n] = 0;
	spec += n + (spec[n] == ':');
	if ((unsigned long)buf > 0xFFFFF000ul) {
		out("lgbench: net: mmap failed\n");
		return 0;
	}
	if (starts(spec, "send:")) {
		send_row(tag, spec + 5, buf);
	} else if (starts(spec, "recv:")) {
		recv_row(tag, spec + 5, buf);
		sink = 1;
	} else {
		out("lgbench: net: what is ");
		out(spec);
		out("?\n");
	}
	sys3(SYS_munmap, (long)buf, CHUNK, 0);
	return sink;
}
