// SPDX-License-Identifier: GPL-2.0-only
/*
 * The first C code.  Paging is still off, so physical addresses are
 * pointers: read what the loader and the BIOS left us into boot_info, then
 * hand over to the hypervisor proper.  Boot calls hv; hv never calls back.
 */
#include "boot/boot_info.h"
#include "hv/hv.h"

static struct boot_info boot_info;

void boot_main(uint32_t magic, uint32_t info) __attribute__((noreturn));

void boot_main(uint32_t magic, uint32_t info)
{
	static const struct phys_view identity = { 0, 0x100000000ull };

	boot_info_parse(&boot_info, magic, info, &identity);
	/* The BIOS data area keeps the EBDA segment at 0x40E; ACPI may keep
	 * its root pointer there.  Page 0 is unmapped once paging is on. */
	uintptr_t bda_ebda = 0x40E;
	asm("" : "+r"(bda_ebda));	/* keep the compiler from judging a constant address */
	boot_info.ebda_base = (uint32_t)(*(volatile uint16_t *)bda_ebda) << 4;
	/* And the base memory size in KiB at 0x413: the MP specification's
	 * tables may sit in its last KiB. */
	boot_info.base_mem_kib = *(volatile uint16_t *)(bda_ebda + 5);
	hv_main(&boot_info);
}
