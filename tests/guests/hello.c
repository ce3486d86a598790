// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=hello -- the smallest sign of life.  Getting here at all means
 * the hypervisor loaded our vmlinux at its p_paddr, entered startup_32 at
 * the physical e_entry with the boot registers lguest promises, accepted
 * LGUEST_INIT (int $0x1f with edx on G1-G3, vmcall on G4/G5, int $0x1f
 * after), gave us working boot page tables (identity-only ones we aliased
 * at PAGE_OFFSET ourselves on G1/G2, its own identity + PAGE_OFFSET ones
 * for G3-G6, linear mode then ours for G7+), and prints
 * our early-console NOTIFYs.  We then report what the boot protocol told
 * us -- generation, RAM from e820_map[0], the command line from gpa
 * 0x1000 -- and check that it is sane: exactly one e820 entry of RAM
 * starting at 0, boot protocol 2.07 with hardware_subarch 1 (lguest) and
 * KEEP_SEGMENTS, and the values LGUEST_INIT writes.
 */
#include "guest.h"

const char *test_hello(void)
{
	const uint8_t *bp = boot_params;
	uint32_t e820_entries = bp[BP_E820_ENTRIES];
	uint64_t e820_addr = *(const uint64_t *)(bp + BP_E820_MAP);
	uint32_t e820_type = *(const uint32_t *)(bp + BP_E820_MAP + 16);
	uint16_t version = *(const uint16_t *)(bp + BP_VERSION);
	uint32_t subarch = *(const uint32_t *)(bp + BP_HARDWARE_SUBARCH);

	say("generation G%d", LG_GEN);
	say("ram %u MiB", ram_bytes >> 20);
	say("command line \"%s\"", boot_command_line);
	say("tsc %u kHz, reserve_mem %u KiB, time %u", lguest_data.tsc_khz,
	    lguest_data.reserve_mem >> 10, lguest_data.time_sec);
#if LG_HAS_PGDIR
	say("host boot page directory at %#x", lguest_data.pgdir);
	CHECK(lguest_data.pgdir && !(lguest_data.pgdir & 0xFFF) && lguest_data.pgdir < ram_bytes,
	      "lguest_data.pgdir %#x is not a page of our RAM", lguest_data.pgdir);
	/* Whoever made the PAGE_OFFSET alias (we, on G1/G2), it is the
	 * identity entries again, one per 4 MiB of RAM (Accessed aside). */
	const uint32_t *pdes = __va(lguest_data.pgdir);
	for (uint32_t i = 0; i < (ram_bytes + (4u << 20) - 1) >> 22; i++)
		CHECK(((pdes[i] ^ pdes[(PAGE_OFFSET >> 22) + i]) & ~PTE_A) == 0 && (pdes[i] & PTE_P),
		      "boot PDE %u is %#x, its PAGE_OFFSET alias %#x", i, pdes[i],
		      pdes[(PAGE_OFFSET >> 22) + i]);
#endif
	CHECK(e820_entries == 1, "%u e820 entries, expected 1", e820_entries);
	CHECK(e820_addr == 0 && e820_type == E820_RAM, "e820_map[0] is not RAM from 0");
	CHECK(ram_bytes >= (4u << 20) && !(ram_bytes & 0xFFF), "odd RAM size %#x", ram_bytes);
	CHECK(version >= 0x207, "boot protocol version %#x, expected at least 0x207", version);
	CHECK(subarch == X86_SUBARCH_LGUEST, "hardware_subarch %u, expected 1 (lguest)", subarch);
	CHECK(bp[BP_LOADFLAGS] & BP_KEEP_SEGMENTS, "KEEP_SEGMENTS not set in loadflags");
	CHECK(*(const uint32_t *)(bp + BP_CMD_LINE_PTR) == GUEST_CMDLINE_GPA,
	      "cmd_line_ptr is not 0x1000");
	CHECK(strstr(boot_command_line, "lgtest=hello"), "command line lost lgtest=hello");
	CHECK(lguest_data.time_sec != 0, "the host wrote no time at LGUEST_INIT");
	CHECK(lguest_data.reserve_mem >= (4u << 20) || lguest_data.reserve_mem == 0,
	      "reserve_mem %#x", lguest_data.reserve_mem);
	return NULL;
}
