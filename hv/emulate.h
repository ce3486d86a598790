/* SPDX-License-Identifier: GPL-2.0-only */
/* The few instructions a guest kernel may run that we emulate. */
#ifndef HV_EMULATE_H
#define HV_EMULATE_H

#include "hv/guest.h"

/* #GP(0) from ring 1: in/out (the PCI bus's ports for 4.x guests; other
 * reads give all ones, writes vanish), debug-register moves and 4.x's
 * cr4 reads (reads give 0) and, from 2.6.34, cli (stepped over).  False:
 * reflect the #GP. */
bool emulate_gp(struct guest *g);
/* #UD at a `vmcall` (0F 01 C1) from ring 1 in 2.6.30-3.0 guests. */
bool is_vmcall(struct guest *g);
/* After is_vmcall, G5 only: rewrite that site to int $0x1f; nop when it
 * is safely in the guest's kernel text, else leave it (hv/emulate.c). */
void patch_vmcall(struct guest *g);

/* The general register an instruction's register field names (x86
 * encoding order: eax, ecx, edx, ebx, esp, ebp, esi, edi). */
uint32_t *guest_gpr(struct guest_regs *r, uint32_t index);

#endif
