/* SPDX-License-Identifier: GPL-2.0-only */
/* Thin inline wrappers for the x86 instructions C cannot express. */
#ifndef CPU_X86_H
#define CPU_X86_H

#include <stdint.h>
#include <stdbool.h>

static inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { asm volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
/* count 16-bit words between a port and memory: a disk's PIO data phase. */
static inline void insw(uint16_t port, void *buf, uint32_t count)
{
	asm volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void outsw(uint16_t port, const void *buf, uint32_t count)
{
	asm volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}
/* A write to an unused port: about a microsecond on real ISA hardware. */
static inline void io_delay(void) { outb(0x80, 0); }

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

#define DEFINE_CR(n) \
	static inline uint32_t read_cr##n(void) { uint32_t v; asm volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
	static inline void write_cr##n(uint32_t v) { asm volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

#define CR0_PE (1u << 0)
#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)
#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)
#define CR4_PGE (1u << 7)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

#define EFLAGS_IF (1u << 9)

static inline uint32_t read_eflags(void)
{
	uint32_t v;
	asm volatile("pushfl; popl %0" : "=r"(v));
	return v;
}

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }
/* sti takes effect after the next instruction, so nothing can slip in
 * between checking for work and sleeping. */
static inline void sti_hlt(void) { asm volatile("sti; hlt" ::: "memory"); }
static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }

static inline void invlpg(uint32_t va) { asm volatile("invlpg (%0)" : : "r"(va) : "memory"); }

#endif
