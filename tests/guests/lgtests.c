// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every test this guest image can run, chosen by "lgtest=NAME" on the
 * kernel command line.  Each is in a file of its own that says what it
 * checks and why.
 */
#include "guest.h"

const char *test_hello(void);		/* hello.c */
const char *test_hypercalls(void);	/* hypercalls.c */
const char *test_ring(void);		/* ring.c */
const char *test_irq(void);		/* irq.c */
const char *test_pagefault(void);	/* pagefault.c */
const char *test_user(void);		/* user.c, user_prog.S */
const char *test_fpu(void);		/* fpu.c */
const char *test_tls(void);		/* tls.c */
const char *test_dflag(void);		/* dflag.c */
const char *test_cost(void);		/* cost.c */
const char *test_shutdown(void);	/* shutdown.c */
const char *test_restart(void);
const char *test_spin(void);		/* spin.c */
const char *test_badcall(void);		/* rulebreakers.c */
const char *test_badidt(void);
const char *test_badpte(void);
const char *test_badpfn(void);
const char *test_badpde(void);
const char *test_badnotify(void);
const char *test_badts(void);
const char *test_badgdt(void);
const char *test_badgdtentry(void);
const char *test_badsendirq(void);
const char *test_pci(void);		/* pci.c, lib/pci.c (G8+) */
const char *test_mmio(void);		/* mmio.c, lib/vpci.c (G8+) */
const char *test_vpci(void);		/* vpci.c, lib/vcons_pci.c (G8+) */
const char *test_vecho(void);		/* vecho.c, lib/vcons.c */
const char *test_vbig(void);		/* vbig.c */
const char *test_vspin(void);		/* vspin.c */
const char *test_badring(void);		/* badring.c (lgtest=badring:loop|addr|idx) */
const char *test_hostile(void);		/* hostile.c (lgtest=hostile:NAME) */
const char *test_benign(void);		/* benign.c */
const char *test_fuzz(void);		/* fuzz.c (lgtest=fuzz:SEED) */
const char *test_stream(void);		/* stream.c */
const char *test_vblk(void);		/* vblk.c, lib/vblk.c (vblk[:VARIANT]) */
const char *test_vblkbad(void);		/* vblkbad.c (lgtest=vblkbad:VARIANT) */
const char *test_vnet(void);		/* vnet.c, lib/vnet.c (lgtest=vnet:ROLE) */
const char *test_vnetbad(void);		/* vnetbad.c (lgtest=vnetbad:VARIANT) */
const char *test_vrng(void);		/* vrng.c, lib/vrng.c */

const struct lgtest lgtests[] = {
	{ "hello", test_hello },
	{ "hypercalls", test_hypercalls },
	{ "ring", test_ring },
	{ "irq", test_irq },
	{ "pagefault", test_pagefault },
	{ "user", test_user },
	{ "fpu", test_fpu },
	{ "tls", test_tls },
	{ "dflag", test_dflag },
	{ "cost", test_cost },
	{ "shutdown", test_shutdown },
	{ "restart", test_restart },
	{ "spin", test_spin },
	{ "badcall", test_badcall },
	{ "badidt", test_badidt },
	{ "badpte", test_badpte },
	{ "badpfn", test_badpfn },
	{ "badpde", test_badpde },
	{ "badnotify", test_badnotify },
	{ "badts", test_badts },
	{ "badgdt", test_badgdt },
	{ "badgdtentry", test_badgdtentry },
	{ "badsendirq", test_badsendirq },
	{ "pci", test_pci },
	{ "mmio", test_mmio },
	{ "vpci", test_vpci },
	{ "vecho", test_vecho },
	{ "vbig", test_vbig },
	{ "vspin", test_vspin },
	{ "badring", test_badring },
	{ "hostile", test_hostile },
	{ "benign", test_benign },
	{ "fuzz", test_fuzz },
	{ "stream", test_stream },
	{ "vblk", test_vblk },
	{ "vblkbad", test_vblkbad },
	{ "vnet", test_vnet },
	{ "vnetbad", test_vnetbad },
	{ "vrng", test_vrng },
	{ NULL, NULL },
};
