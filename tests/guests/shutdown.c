// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=shutdown and lgtest=restart -- how a guest ends.  Linux powers
 * off with SHUTDOWN(pa(message), 1) and reboots with SHUTDOWN(pa(reason),
 * 2); the host reads up to 128 bytes of the message.
 *   shutdown  prints its verdict, then powers off with a message of its
 *             own; the hypervisor must report that message.
 *   restart   prints "booting" and asks for a restart.  We cannot keep
 *             anything across it (the host rebuilds us from the module),
 *             so every boot does the same: the integration test counts
 *             two "booting" lines and then stops QEMU itself.
 */
#include "guest.h"

const char *test_shutdown(void)
{
	static char message[64];

	snprintf(message, sizeof(message), "lgtest shutdown: goodbye from G%d", LG_GEN);
	say("powering off with the message \"%s\"", message);
	printk("lgtest: shutdown: PASS\n");
	lg_shutdown(message, LGUEST_SHUTDOWN_POWEROFF);
}

const char *test_restart(void)
{
	say("booting");
	sleep_ns(50000000);	/* 50 ms: a restart loop should not flood the console */
	printk("lgtest: restart: PASS\n");
	lg_shutdown("lgtest restart", LGUEST_SHUTDOWN_RESTART);
}
