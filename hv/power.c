// SPDX-License-Identifier: GPL-2.0-only
/*
 * Switching off.  First the QEMU debug-exit port (0xf4; an unused port on
 * real PCs, so writing it there does nothing), which ends a test run with
 * a status the harness can check; then ACPI S5, which switches off real
 * machines and QEMU without that device; and if both fail, a halt with a
 * message rather than a reboot.
 */
#include <stdarg.h>
#include "hv/power.h"
#include "hv/console.h"
#include "cpu/x86.h"
#include "drivers/acpi.h"
#include "drivers/clock.h"
#include "lib/fmt.h"
#include "lib/log.h"

#define DEBUG_EXIT_PORT 0xF4

static struct acpi_poweroff acpi;

void power_init(uint32_t ebda)
{
	acpi_init(ebda, &acpi);
}

void power_report(void)
{
	if (acpi.usable)
		kprintf("acpi: power off through PM1a_CNT %#x, SLP_TYP %u\n",
			acpi.pm1a_cnt, acpi.slp_typ_a);
	else
		kprintf("acpi: cannot power off (%s); will halt instead\n", acpi.why_not);
}

void hv_power_off(int status)
{
	cli();
	console_flush();	/* the last words first: output is queued */
	outb(DEBUG_EXIT_PORT, (uint8_t)status);
	acpi_power_off(&acpi);
	/* The switch-off may take a moment to happen (QEMU acts on it only
	 * when its main loop next runs); give it two seconds before saying it
	 * did not.  Without a calibrated clock, now stays 0 and the bound on
	 * rounds ends the wait. */
	uint64_t start = clock_now_ns();
	for (uint32_t i = 0; i < 200000000u && clock_now_ns() - start < 2000000000ull; i++)
		cpu_relax();
	kprintf("hv: the machine did not switch off; halted. It is safe to turn it off.\n");
	console_flush();
	for (;;)
		hlt();
}

void hv_panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kprintf("\n*** hypervisor panic: %s\n", buf);
	hv_halt_after_fault();
}

void hv_refuse(const char *why)
{
	/* Not a fault of ours: the machine lacks what we need.  Say what,
	 * then stop (QEMU: the panic status, for the tests). */
	cli();
	kprintf("\nhv: cannot run on this machine: %s\n", why);
	kprintf("hv: halted. It is safe to turn it off.\n");
	console_flush();
	outb(DEBUG_EXIT_PORT, HV_EXIT_PANIC);
	for (;;)
		hlt();
}

void hv_halt_after_fault(void)
{
	/* Ends a QEMU test run with the panic status; a real machine stays
	 * halted with the dump on its console for a person to read. */
	cli();
	console_flush();
	outb(DEBUG_EXIT_PORT, HV_EXIT_PANIC);
	kprintf("hv: halted after a hypervisor fault.\n");
	console_flush();
	for (;;)
		hlt();
}
