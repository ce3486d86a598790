/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building a guest's "zero page" (struct boot_params at gpa 0): what the
 * lguest Launcher told a guest about its memory, command line and initrd,
 * and the fields that send head_32.S to lguest_entry (LGUEST-ABI.md §3.2).
 */
#ifndef GUEST_ABI_BOOT_PARAMS_H
#define GUEST_ABI_BOOT_PARAMS_H

#include <stdint.h>
#include "guest-abi/kernel_image.h"

#define BOOT_PARAMS_SIZE 4096
#define BP_E820_ENTRY_SIZE 20		/* u64 addr, u64 size, u32 type */
#define BP_LOADER_UNDEFINED 0xFF	/* type_of_loader: "not a registered loader" */
#define BP_MIN_LGUEST_VERSION 0x0207	/* hardware_subarch exists from 2.07 */
#define BP_CMDLINE_SIZE_VERSION 0x0206	/* cmdline_size exists from 2.06 */

struct boot_params_spec {
	const uint8_t *image;		/* the kernel image kimage_probe() described */
	uint32_t image_size;
	const struct kimage *k;
	uint32_t mem_bytes;		/* guest RAM: the one e820 entry */
	uint32_t initrd_gpa, initrd_size;	/* size page-rounded; 0: no initrd */
	uint32_t cmdline_len;		/* strlen of the line the caller put at 0x1000 */
};

/* Fills the zero page bp, which the caller has zeroed. */
void boot_params_build(uint8_t bp[BOOT_PARAMS_SIZE], const struct boot_params_spec *s);

#endif
