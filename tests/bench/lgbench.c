// SPDX-License-Identifier: GPL-2.0-only
/*
 * Microbenchmarks run inside a guest and, for comparison, natively on the
 * same kernel: each prints "lgbench: NAME N ticks/op", timed with the TSC
 * (rdtsc works the same natively and in a guest, whatever clocksource the
 * kernel has chosen yet).  Under QEMU -icount the TSC follows the
 * instructions executed, so results repeat run after run; the ratio
 * guest/native is what matters.  No libc: raw int $0x80 system calls
 * (lgbench.h), so one static binary runs on every kernel from 2.6.31 on.
 *
 *   null_syscall   getppid(), the cheapest system call
 *   fork_exit      fork + _exit + wait
 *   fork_exec      fork + exec of /bin/true + wait
 *   page_fault     first touch of each page of fresh anonymous memory
 *   pipe_pingpong  one byte back and forth between two processes
 *   mmap_munmap    map and unmap one anonymous page
 *   disk_write_TAG sequential O_DIRECT writes of 1 MiB to a disk, 32 MiB in
 *                  all, then fsync (the disk's cache flush); per MiB
 *   disk_read_TAG  the same 32 MiB read back, O_DIRECT; per MiB
 *   net_TAG        TCP throughput to another machine, per MiB (lgbench_net.c)
 *   cpu            lgbench.cpu=TAG:N: N chunks of pure integer work (no system
 *                  calls, no memory beyond registers), a line after each;
 *                  make bench times two guests doing it on one CPU and on
 *                  two, in host time (the "parallel" row)
 *
 * The disks are named on the kernel command line, which we read from
 * /proc/cmdline: lgbench.disk=TAG:/dev/X, once for each disk (the kernel
 * ignores unknown dotted parameters), and lgbench.only=disk skips the rest
 * (lgbench.only=net likewise for the network rows, lgbench.only=cpu for
 * the parallel row); lgbench.run=NAME runs
 * that one microbenchmark alone (make bench counts the hypervisor's exits
 * per operation that way).
 * O_DIRECT bypasses the guest's page cache, so every MiB goes to the
 * device (virtio-blk in a guest, the IDE driver natively): that is what we
 * compare, not memcpy speed.
 */
#include "lgbench.h"

long sys3(long n, long a, long b, long c)
{
	long r;
	asm volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	long r;
	/* ebp carries the sixth argument; save it around the call. */
	asm volatile("push %%ebp; mov %7, %%ebp; int $0x80; pop %%ebp"
		     : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "m"(f) : "memory");
	return r;
}

long str_len(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	return n;
}

void out(const char *s)
{
	sys3(SYS_write, 1, (long)s, str_len(s));
}

void out_num(uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;
	*p = 0;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(p);
}

uint64_t now_ns(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* "lgbench: NAMETAG N ticks/op (OPS ops)"; TAG names the disk of a disk
 * row, or the path of a network row. */
void report_tagged(const char *name, const char *tag, uint64_t ns, long ops)
{
	out("lgbench: ");
	out(name);
	out(tag);
	out(" ");
	out_num(ns / (uint64_t)ops);
	out(" ticks/op (");
	out_num((uint64_t)ops);
	out(" ops)\n");
}

static void report(const char *name, uint64_t ns, long ops)
{
	report_tagged(name, "", ns, ops);
}

int starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void wait_child(long pid)
{
	sys3(SYS_waitpid, pid, 0, 0);
}

static void null_syscall(long n)
{
	uint64_t t = now_ns();
	for (long i = 0; i < n; i++)
		sys3(SYS_getppid, 0, 0, 0);
	report("null_syscall", now_ns() - t, n);
}

static void fork_exit(long n)
{
	uint64_t t = now_ns();
	for (long i = 0; i < n; i++) {
		long p = sys3(SYS_fork, 0, 0, 0);
		if (p == 0)
			sys3(SYS_exit, 0, 0, 0);
		wait_child(p);
	}
	report("fork_exit", now_ns() - t, n);
}

static void fork_exec(long n)
{
	static char *const argv[] = { "true", 0 };
	static char *const envp[] = { 0 };
	uint64_t t = now_ns();
	for (long i = 0; i < n; i++) {
		long p = sys3(SYS_fork, 0, 0, 0);
		if (p == 0) {
			sys3(SYS_execve, (long)"/bin/true", (long)argv, (long)envp);
			sys3(SYS_exit, 127, 0, 0);
		}
		wait_child(p);
	}
	report("fork_exec", now_ns() - t, n);
}

void *map(long len)
{
	return (void *)sys6(SYS_mmap2, 0, len, 3 /* PROT_READ|WRITE */,
			    0x22 /* MAP_PRIVATE|ANONYMOUS */, -1, 0);
}

static void page_fault(long pages)
{
	volatile char *m = map(pages * 4096);
	if ((unsigned long)m > 0xFFFFF000ul) {
		out("lgbench: mmap failed\n");
		return;
	}
	uint64_t t = now_ns();
	for (long i = 0; i < pages; i++)
		m[i * 4096] = 1;
	report("page_fault", now_ns() - t, pages);
	sys3(SYS_munmap, (long)m, pages * 4096, 0);
}

static void pipe_pingpong(long n)
{
	int a[2], b[2];
	char c = 0;
	if (sys3(SYS_pipe, (long)a, 0, 0) || sys3(SYS_pipe, (long)b, 0, 0))
		return;
	long p = sys3(SYS_fork, 0, 0, 0);
	if (p == 0) {
		for (long i = 0; i < n; i++)
			if (sys3(SYS_read, a[0], (long)&c, 1) != 1 || sys3(SYS_write, b[1], (long)&c, 1) != 1)
				break;
		sys3(SYS_exit, 0, 0, 0);
	}
	uint64_t t = now_ns();
	for (long i = 0; i < n; i++)
		if (sys3(SYS_write, a[1], (long)&c, 1) != 1 || sys3(SYS_read, b[0], (long)&c, 1) != 1)
			break;
	report("pipe_pingpong", now_ns() - t, n);
	wait_child(p);
}

static void mmap_munmap(long n)
{
	uint64_t t = now_ns();
	for (long i = 0; i < n; i++)
		sys3(SYS_munmap, (long)map(4096), 4096, 0);
	report("mmap_munmap", now_ns() - t, n);
}

enum { DISK_MIB = 32 };

/* One sequential pass over the disk's first DISK_MIB MiB with SYS_write
 * (then fsync, the disk's cache flush) or SYS_read; keeps the best time. */
static int disk_pass(long fd, char *buf, long call, uint64_t *best)
{
	sys3(SYS_lseek, fd, 0, 0 /* SEEK_SET */);
	uint64_t t = now_ns();
	for (long i = 0; i < DISK_MIB; i++)
		if (sys3(call, fd, (long)buf, MIB) != MIB)
			return 0;
	if (call == SYS_write)
		sys3(SYS_fsync, fd, 0, 0);
	t = now_ns() - t;
	*best = t < *best ? t : *best;
	return 1;
}

static void disk_one(const char *tag, const char *dev)
{
	long fd = sys3(SYS_open, (long)dev, O_RDWR | O_DIRECT, 0);
	/* O_DIRECT wants an aligned buffer: a fresh mapping is page-aligned. */
	char *buf = map(MIB);
	uint64_t best_w = ~0ull, best_r = ~0ull;
	int pass, ok = 1;

	if (fd < 0 || (unsigned long)buf > 0xFFFFF000ul) {
		out("lgbench: disk ");
		out(dev);
		out(": cannot open\n");
		if (fd >= 0)
			sys3(SYS_close, fd, 0, 0);
		return;
	}
	for (long i = 0; i < MIB; i++)
		buf[i] = (char)i;
	/* The best of three passes: waits for QEMU's I/O follow the host's
	 * clock even under -icount. */
	for (pass = 0; pass < 3 && ok; pass++)
		ok = disk_pass(fd, buf, SYS_write, &best_w) && disk_pass(fd, buf, SYS_read, &best_r);
	if (ok) {
		report_tagged("disk_write_", tag, best_w, DISK_MIB);
		report_tagged("disk_read_", tag, best_r, DISK_MIB);
	} else {
		out("lgbench: disk ");
		out(dev);
		out(": an I/O failed\n");
	}
	sys3(SYS_munmap, (long)buf, MIB, 0);
	sys3(SYS_close, fd, 0, 0);
}

/* One chunk of the cpu job: a xorshift generator stepped 1 << 27 times,
 * its value folded in so the compiler cannot drop the loop. */
static uint32_t cpu_chunk(uint32_t x)
{
	for (long i = 0; i < 1l << 27; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
	}
	return x;
}

/* Appends s to the line at *p (which has room: the callers' lines are short). */
static void put(char **p, const char *s)
{
	while (*s)
		*(*p)++ = *s++;
}

static void put_num(char **p, uint64_t v)
{
	char buf[24], *q = buf + sizeof(buf) - 1;
	*q = 0;
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(p, q);
}

/* "lgbench: cpu TAG WHAT[ N]", in one write: guests share the console. */
static void cpu_line(const char *tag, const char *what, long with, uint64_t n)
{
	char line[80], *p = line;

	put(&p, "lgbench: cpu ");
	put(&p, tag);
	put(&p, what);
	if (with)
		put_num(&p, n);
	put(&p, "\n");
	sys3(SYS_write, 1, (long)line, p - line);
}

/* lgbench.cpu=TAG:N: "lgbench: cpu TAG start", "lgbench: cpu TAG chunk K"
 * after each of the N chunks, then "lgbench: cpu TAG end X" (X the
 * generator's value: the same in every guest and run, so that line says
 * the work was all done).  TAG (at most 15 characters) tells the guests on
 * one console apart. */
static void cpu_job(const char *spec)
{
	char tag[16];
	long n = 0, len = 0;
	uint32_t x = 2463534242u;

	while (*spec && *spec != ':' && len < (long)sizeof(tag) - 1)
		tag[len++] = *spec++;
	tag[len] = 0;
	while (*spec && *spec != ':')
		spec++;
	if (*spec)
		spec++;
	while (*spec >= '0' && *spec <= '9')
		n = n * 10 + (*spec++ - '0');
	cpu_line(tag, " start", 0, 0);
	for (long k = 1; k <= n; k++) {
		x = cpu_chunk(x);
		cpu_line(tag, " chunk ", 1, (uint64_t)k);
	}
	cpu_line(tag, " end ", 1, x);
}

enum { ONLY = 1, SINK = 2 };

static const char *only_run;	/* lgbench.run=NAME, or NULL: all of them */

/* The benchmarks the command line asks for, which we read from
 * /proc/cmdline (the kernel ignores unknown dotted parameters), in its
 * order: disk_one() for each lgbench.disk=TAG:DEV, net_address() for
 * lgbench.ip=ADDR, net_one() for each lgbench.net=SPEC, cpu_job() for
 * lgbench.cpu=TAG:CHUNKS.  Returns ONLY
 * with lgbench.only=... (no microbenchmarks then), and SINK when all this
 * guest did was take a network row's bytes: it must not say "done", since
 * with two guests on one console the run ends at the first "done", and
 * that is the sender's. */
static int asked(void)
{
	static char cmd[1024];
	static const char disk[] = "lgbench.disk=", ip[] = "lgbench.ip=", net[] = "lgbench.net=";
	long fd = sys3(SYS_open, (long)"/proc/cmdline", O_RDONLY, 0);
	long len = fd < 0 ? 0 : sys3(SYS_read, fd, (long)cmd, sizeof(cmd) - 1);
	int flags = 0, sinks = 0, others = 0;

	if (fd >= 0)
		sys3(SYS_close, fd, 0, 0);
	for (long i = 0; i < len; i++)
		if (cmd[i] == ' ' || cmd[i] == '\n')
			cmd[i] = 0;	/* one word after another */
	for (char *p = cmd; p < cmd + len; p += str_len(p) + 1) {
		if (starts(p, "lgbench.only="))
			flags |= ONLY;
		if (starts(p, "lgbench.run="))
			only_run = p + sizeof("lgbench.run=") - 1;
		if (starts(p, "lgbench.cpu="))
			cpu_job(p + sizeof("lgbench.cpu=") - 1);
		if (starts(p, ip)) {
			net_address(p + sizeof(ip) - 1);
		} else if (starts(p, net)) {
			if (net_one(p + sizeof(net) - 1))
				sinks++;
			else
				others++;
		} else if (starts(p, disk)) {
			char *tag = p + sizeof(disk) - 1, *dev = tag;
			others++;
			while (*dev && *dev != ':')
				dev++;
			if (*dev) {
				*dev++ = 0;
				disk_one(tag, dev);
				dev[-1] = ':';
			}
		}
	}
	return flags | (sinks && !others ? SINK : 0);
}

void bench_main(void);
void bench_main(void)
{
	int what = asked();

	static const struct { const char *name; void (*fn)(long); long ops; } micro[] = {
		{ "null_syscall", null_syscall, 20000 },
		{ "fork_exit", fork_exit, 200 },
		{ "fork_exec", fork_exec, 100 },
		{ "page_fault", page_fault, 4096 },
		{ "pipe_pingpong", pipe_pingpong, 5000 },
		{ "mmap_munmap", mmap_munmap, 5000 },
	};

	if (!(what & ONLY))
		for (unsigned i = 0; i < sizeof(micro) / sizeof(micro[0]); i++)
			if (!only_run || same(only_run, micro[i].name))
				micro[i].fn(micro[i].ops);
	if (!(what & SINK))
		out("lgbench: done\n");
	sys3(SYS_exit, 0, 0, 0);
}

asm(".globl _start\n_start:\n\tand $-16, %esp\n\tcall bench_main\n");
