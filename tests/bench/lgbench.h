/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of lgbench share: raw i386 system calls (no libc, so one
 * static binary runs on every kernel from 2.6.31 on), output without
 * printf, the TSC clock, and the one report format run.py parses.
 */
#ifndef LGBENCH_H
#define LGBENCH_H

#include <stdint.h>

enum {
	SYS_exit = 1, SYS_fork = 2, SYS_read = 3, SYS_write = 4, SYS_execve = 11,
	SYS_waitpid = 7, SYS_pipe = 42, SYS_getppid = 64, SYS_munmap = 91,
	SYS_open = 5, SYS_close = 6, SYS_lseek = 19, SYS_fsync = 118,
	SYS_socketcall = 102, SYS_ioctl = 54, SYS_nanosleep = 162, SYS_mmap2 = 192,
};

enum { O_RDONLY = 0, O_RDWR = 2, O_DIRECT = 040000 };	/* i386 values */

enum { MIB = 1 << 20 };

long sys3(long n, long a, long b, long c);
long str_len(const char *s);
void out(const char *s);
void out_num(uint64_t v);
uint64_t now_ns(void);
void report_tagged(const char *name, const char *tag, uint64_t ns, long ops);
void wait_child(long pid);
int starts(const char *s, const char *prefix);
void *map(long len);	/* anonymous, read-write; above 0xFFFFF000 on failure */

/* lgbench_net.c: the lgbench.ip= and lgbench.net= words of the command line */
void net_address(const char *ip);
int net_one(const char *spec);

#endif
