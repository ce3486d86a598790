// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C side of boot, after head.S has done LGUEST_INIT and put us on our
 * boot page tables at virtual addresses.  Like lguest_init() it loads the
 * GDT and IDT through hypercalls, gives the host the kernel stack for
 * traps from user mode (SET_STACK), unblocks the timer IRQ, and prints a
 * banner.  Then it runs the one test named by "lgtest=NAME" (or
 * "lgtest=NAME:VARIANT", the variant in current_test_arg) on the kernel
 * command line and powers off with its verdict:
 *
 *   lgtest: NAME: PASS
 *   lgtest: NAME: FAIL <why>
 *
 * The "Linux version" string is what the hypervisor reads to choose our
 * ABI generation, exactly as it would in a real vmlinux.
 */
#include "guest.h"

#if LG_GEN == 1
#define LG_VERSION "2.6.24"
#elif LG_GEN == 2
#define LG_VERSION "2.6.27"
#elif LG_GEN == 3
#define LG_VERSION "2.6.29"
#elif LG_GEN == 4
#define LG_VERSION "2.6.30"
#elif LG_GEN == 5
#define LG_VERSION "2.6.32"
#elif LG_GEN == 6
#define LG_VERSION "2.6.35"
#elif LG_GEN == 7
#define LG_VERSION "3.10.0"
#elif LG_GEN == 8
#define LG_VERSION "4.0.0"
#elif LG_GEN == 9
#define LG_VERSION "4.4.0"
#else
#define LG_VERSION "4.13.0"
#endif

const char linux_banner[] = "Linux version " LG_VERSION "-lgtest (lghv test guest)";

uint8_t boot_params[BOOT_PARAMS_SIZE] __attribute__((aligned(4096)));
char boot_command_line[GUEST_CMDLINE_MAX];
const char *current_test;
const char *current_test_arg;
uint32_t lgtest_end_reason = LGUEST_SHUTDOWN_POWEROFF;

/* The kernel stack the host switches to for traps from ring 3: two pages,
 * like THREAD_SIZE, and only ever used for that. */
static uint8_t trap_stack[2 * PAGE_SIZE] __attribute__((aligned(8192)));

uint32_t trap_stack_top(void)
{
	return (uint32_t)(uintptr_t)(trap_stack + sizeof(trap_stack));
}

/* SHUTDOWN never returns; if it does, say so once and sleep for good.
 * 2.6.24 (G1) has only CRASH(message), for power-off and panic alike, and
 * no restart at all: there every end is a CRASH, whatever reason. */
void lg_shutdown(const char *message, uint32_t reason)
{
#if LG_HAS_RESTART
	hcall(LHCALL_SHUTDOWN, __pa(message), reason, 0, 0);
#else
	hcall(LHCALL_CRASH, __pa(message), 0, 0, 0);
#endif
	printk("lgtest: %s: FAIL SHUTDOWN(%u) returned\n", current_test ? current_test : "boot",
	       reason);
	set_clockevent(0);
	irq_block(0);
	for (;;)
		lg_halt();
}

const char *fail(const char *fmt, ...)
{
	static char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return why;
}

/* The value of "key=value" on the command line, or NULL. */
const char *cmdline_value(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = boot_command_line;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - word) > klen && !strncmp(word, key, klen) && word[klen] == '=') {
			size_t n = (size_t)(p - word) - klen - 1;
			if (n >= size)
				n = size - 1;
			memcpy(buf, word + klen + 1, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return NULL;
}

static void cpu_init(void)
{
	ram_bytes = *(uint32_t *)(boot_params + BP_E820_MAP + 8);
	gdt_init();
	idt_init();
	hcall(LHCALL_SET_STACK, KERNEL_DS, trap_stack_top(), sizeof(trap_stack) / PAGE_SIZE, 0);
	irq_unblock(0);	/* time_init: the clock event is ours now */
	time_init();
}

__attribute__((noreturn)) void lgtest_main(void)
{
	static char name[32];
	const struct lgtest *t;
	const char *why;

	cpu_init();
	printk("lgtest: %s, ABI G%d\n", linux_banner, LG_GEN);
	if (!cmdline_value("lgtest", name, sizeof(name))) {
		current_test = "none";
		why = "no lgtest=NAME on the command line";
	} else {
		/* "lgtest=NAME:ARG" runs NAME with current_test_arg = ARG. */
		char *colon = strchr(name, ':');
		if (colon) {
			*colon = '\0';
			current_test_arg = colon + 1;
		}
		current_test = name;
		why = fail("no such test (known:");
		for (t = lgtests; t->name; t++)
			if (!strcmp(t->name, name))
				break;
		if (t->name) {
			why = t->run();
		} else {
			static char list[200];
			size_t n = snprintf(list, sizeof(list), "%s", why);
			for (t = lgtests; t->name && n < sizeof(list); t++)
				n += snprintf(list + n, sizeof(list) - n, " %s", t->name);
			snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, ")");
			why = list;
		}
	}
	if (why)
		printk("lgtest: %s: FAIL %s\n", current_test, why);
	else
		printk("lgtest: %s: PASS\n", current_test);
	lg_shutdown("lgtest done", lgtest_end_reason);
}
