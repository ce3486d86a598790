// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests.  The fault tests break the hypervisor on purpose so the test
 * suite can check that each kind of fault gives a full register dump and a
 * clean stop; the others exercise the timer and the serial port both ways.
 *
 *   fault     write to address 0 (page fault, cr2 = 0)
 *   ud        an invalid opcode
 *   div0      divide by zero
 *   gp        load a selector that is not in the GDT
 *   overflow  unbounded recursion into the stack's guard page (double fault)
 *   timer     arm the one-shot timer three times and sleep until it fires
 *   echo      echo typed lines back until "quit" (interrupt-driven receive)
 *   flood     print 4096 numbered lines with a checksum (lossless transmit)
 *   disk      write, flush, read back and restore the first ATA disk's last
 *             128 KiB (hv/disk_selftest.c)
 *   smp       every other CPU checked in, answers an IPI and takes its
 *             own LAPIC timer's interrupt (hv/smp_boot.c)
 *   smp-overflow  CPU 1 recurses into its own stack's guard page: its own
 *             double-fault task must report it
 *   nic       ARP and ICMP echo with QEMU's user network, and with nic:PORT
 *             a UDP datagram to the host's PORT (hv/nic_selftest.c)
 */
#include <stdint.h>
#include <stdbool.h>
#include "hv/selftest.h"
#include "hv/console.h"
#include "hv/disk_selftest.h"
#include "hv/nic_selftest.h"
#include "hv/smp_boot.h"
#include "hv/timer.h"
#include "cpu/percpu.h"
#include "cpu/x86.h"
#include "drivers/smp.h"
#include "drivers/clock.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

static void fault_null_write(void)
{
	volatile uint32_t *p = 0;

	asm volatile("" : "+r"(p));	/* hide the NULL from the optimiser */
	*p = 0xDEAD;
}

static void fault_div0(void)
{
	uint32_t zero = 0, a = 1, d = 0;

	asm volatile("" : "+r"(zero));
	asm volatile("divl %2" : "+a"(a), "+d"(d) : "r"(zero));
}

static void fault_gp(void)
{
	asm volatile("mov %0, %%ds" : : "r"(0x1234) : "memory");
}

static volatile uint32_t recursion_limit = 0xFFFFFFFF;	/* never reached */

static uint32_t __attribute__((noinline)) recurse(uint32_t depth)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)depth;
	if (depth == recursion_limit)
		return 0;
	return recurse(depth + 1) + pad[0];
}

static void overflow_here(void *arg)
{
	recurse(0);
}

/* The other CPU reports the double fault and stops the machine; until
 * then this one waits with interrupts on. */
static void test_smp_overflow(void)
{
	if (cpus_online < 2) {
		kprintf("selftest smp-overflow: no other CPU online\n");
		return;
	}
	struct cpu_local *c = cpu_at(1);
	kprintf("selftest smp-overflow: cpu 1's stack is %#x-%#x\n", (uint32_t)c->stack,
		(uint32_t)c->stack + HV_STACK_SIZE - 1);
	smp_call(c, overflow_here, NULL);
	for (;;)
		sti_hlt();
}

static void test_timer(void)
{
	static const uint32_t delays_us[] = { 1000, 10000, 50000 };

	for (unsigned i = 0; i < sizeof(delays_us) / sizeof(delays_us[0]); i++) {
		uint64_t start = clock_now_ns();
		uint32_t fired = timer_fired_count(0);
		clock_set_oneshot((uint64_t)delays_us[i] * 1000);
		while (timer_fired_count(0) == fired)
			sti_hlt(), cli();
		uint64_t took = clock_now_ns() - start;
		kprintf("selftest timer: %s one-shot of %u us fired after %u us\n",
			clock_timer_name(), delays_us[i], (uint32_t)(took / 1000));
	}
	kprintf("selftest timer: done\n");
}

static void test_echo(void)
{
	char line[128];
	unsigned n = 0;

	kprintf("selftest echo: type lines; 'quit' ends\n");
	for (;;) {
		int c = console_getc();
		if (c < 0) {
			sti_hlt();	/* only a receive interrupt brings us on */
			cli();
			continue;
		}
		if (c == '\r' || c == '\n') {
			line[n] = '\0';
			if (n == 0)
				continue;
			kprintf("echo: %s\n", line);
			if (!strcmp(line, "quit"))
				break;
			n = 0;
		} else if (n + 1 < sizeof(line)) {
			line[n++] = (char)c;
		}
	}
	kprintf("selftest echo: done\n");
}

static void test_flood(void)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < 4096; i++) {
		char text[80];
		int len = fmt_snprintf(text, sizeof(text),
				       "flood %04u abcdefghijklmnopqrstuvwxyz0123456789\n", i);
		for (int k = 0; k < len; k++)
			sum = sum * 31 + (uint8_t)text[k];
		kputs(text);
	}
	kprintf("selftest flood: done, checksum %08x\n", sum);
}

bool selftest_run(const char *name)
{
	kprintf("selftest %s: starting\n", name);
	if (!strcmp(name, "fault"))
		fault_null_write();
	else if (!strcmp(name, "ud"))
		asm volatile("ud2");
	else if (!strcmp(name, "div0"))
		fault_div0();
	else if (!strcmp(name, "gp"))
		fault_gp();
	else if (!strcmp(name, "overflow"))
		recurse(0);
	else if (!strcmp(name, "timer"))
		test_timer();
	else if (!strcmp(name, "echo"))
		test_echo();
	else if (!strcmp(name, "flood"))
		test_flood();
	else if (!strcmp(name, "smp-overflow"))
		test_smp_overflow();
	else if (!strcmp(name, "smp"))
		smp_selftest();
	else if (!strcmp(name, "disk"))
		disk_selftest();
	else if (!strncmp(name, "nic", 3) && (!name[3] || name[3] == ':'))
		nic_selftest(name[3] ? name + 4 : NULL);
	else
		return false;
	return true;
}
