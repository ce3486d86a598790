/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own command line (the Multiboot command line):
 *   console=com1[,com2...][,vga] where hypervisor messages go (default com1;
 *                               the screen when none of them answers)
 *   com1=115200,8n1[,0x3f8[,4]] serial port settings (Xen syntax), com1..com4
 *   hv.noapic                   use the PIT, not the LAPIC timer
 *   hv.label=prefix|switch|none how guest output is labelled on the console
 *   hv.selftest=NAME            run one built-in self-test (see hv/selftest.c)
 *   hv.ata=dma|pio              real disks by DMA where they can (default), or PIO only
 *   uplink=NAME                 the machine's network card joins virtual switch NAME
 *   cpus=N                      use at most N CPUs (default: all, up to 8)
 *   hv.smp.phantom=ID           (tests) pretend the firmware listed a CPU with
 *                               this APIC id, to see one fail to start
 * The first word is the image's own path when it has no '='.
 */
#ifndef HV_OPTIONS_H
#define HV_OPTIONS_H

#include <stdbool.h>
#include "drivers/uart.h"

#define OPTIONS_MAX_ERRORS 8
#define OPTIONS_ERROR_LEN 160
/* cpu/percpu.h's MAX_CPUS (checked in hv/smp_boot.c). */
#define OPTIONS_MAX_CPUS 8
#define OPTIONS_MAX_CPUS_TEXT "8"


enum label_mode {
	LABEL_PREFIX,	/* "[name] " before every guest line (default) */
	LABEL_SWITCH,	/* a "--- name ---" line when the speaker changes */
	LABEL_NONE,
};

struct hv_options {
	enum label_mode label_mode;
	unsigned console_ports;	/* bit n: console port n (hv/console_names.h) carries it */
	struct uart_config com[UART_MAX_PORTS];
	bool no_lapic;
	bool no_cpuid;	/* hv.nocpuid: act as on a 486 without CPUID */
	bool ata_pio;		/* hv.ata=pio: no DMA for the real disks */
	char uplink[16];	/* uplink=NAME: the switch the real NIC joins; "" none */
	unsigned max_cpus;	/* cpus=N; 0: all there are */
	int phantom_apic;	/* hv.smp.phantom=ID; -1: none */
	char selftest[32];
	int nr_errors;
	char errors[OPTIONS_MAX_ERRORS][OPTIONS_ERROR_LEN];
};

/* Fills o with the defaults, then applies the command line.  Anything it
 * does not understand is kept out and described in o->errors. */
void options_parse(const char *cmdline, struct hv_options *o);

#endif
