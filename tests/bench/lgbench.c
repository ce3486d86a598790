// SPDX-License-Identifier: GPL-2.0-only
/*
 * Microbenchmarks run inside a guest and, for comparison, natively on the
 * same kernel: each prints "lgbench: NAME N ticks/op", timed with the TSC
 * (rdtsc works the same natively and in a guest, whatever clocksource the
 * kernel has chosen yet).  Under QEMU -icount the TSC follows the
 * instructions executed, so results repeat run after run; the ratio
 * guest/native is what matters.  No libc: raw int $0x80 system calls, so one static binary runs
 * on every kernel from 2.6.31 to 3.19.
 *
 *   null_syscall   getppid(), the cheapest system call
 *   fork_exit      fork + _exit + wait
 *   fork_exec      fork + exec of /bin/true + wait
 *   page_fault     first touch of each page of fresh anonymous memory
 *   pipe_pingpong  one byte back and forth between two processes
 *   mmap_munmap    map and unmap one anonymous page
 */
#include <stdint.h>

enum {
	SYS_exit = 1, SYS_fork = 2, SYS_read = 3, SYS_write = 4, SYS_execve = 11,
	SYS_waitpid = 7, SYS_pipe = 42, SYS_getppid = 64, SYS_munmap = 91,
	SYS_mmap2 = 192,
};

static long sys3(long n, long a, long b, long c)
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

static void out(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	sys3(SYS_write, 1, (long)s, n);
}

static void out_num(uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;
	*p = 0;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(p);
}

static uint64_t now_ns(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void report(const char *name, uint64_t ns, long ops)
{
	out("lgbench: ");
	out(name);
	out(" ");
	out_num(ns / (uint64_t)ops);
	out(" ticks/op (");
	out_num((uint64_t)ops);
	out(" ops)\n");
}

static void wait_child(long pid)
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

static void *map(long len)
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

void bench_main(void);
void bench_main(void)
{
	null_syscall(20000);
	fork_exit(200);
	fork_exec(100);
	page_fault(4096);
	pipe_pingpong(5000);
	mmap_munmap(5000);
	out("lgbench: done\n");
	sys3(SYS_exit, 0, 0, 0);
}

asm(".globl _start\n_start:\n\tand $-16, %esp\n\tcall bench_main\n");
