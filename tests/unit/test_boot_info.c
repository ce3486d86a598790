// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multiboot 1 and 2 information blocks built by hand in a buffer that
 * stands for physical memory: good ones must come out whole, bad ones
 * (pointers outside memory, zero-sized entries that would loop, absurd
 * sizes) must give an error and never a read outside the buffer (ASan
 * watches that).
 * sources: boot/boot_info.c
 */
#include <stdint.h>
#include <multiboot/multiboot.h>
#include "check.h"
#include "boot/boot_info.h"

#define PHYS_SIZE 0x10000
static uint8_t *phys;
static struct phys_view view;
static struct boot_info bi;

static void reset(void)
{
	free(phys);
	phys = calloc(1, PHYS_SIZE);
	view.offset = (uintptr_t)phys;
	view.limit = PHYS_SIZE;
}

static void put32(uint32_t at, uint32_t v) { memcpy(phys + at, &v, 4); }
static void put64(uint32_t at, uint64_t v) { memcpy(phys + at, &v, 8); }
static void put_str(uint32_t at, const char *s) { strcpy((char *)phys + at, s); }

/* An MB1 block at 0x1000 with a map of n entries at 0x4000. */
static multiboot_info_t *mb1(void)
{
	multiboot_info_t *m = (multiboot_info_t *)(phys + 0x1000);
	m->flags = MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MEM_MAP |
		   MULTIBOOT_INFO_MODS | MULTIBOOT_INFO_BOOT_LOADER_NAME;
	m->cmdline = 0x2000;
	put_str(0x2000, "/boot/hv.elf console=com1");
	m->boot_loader_name = 0x2100;
	put_str(0x2100, "GRUB 2.06");
	m->mods_count = 2;
	m->mods_addr = 0x3000;
	put32(0x3000, 0x200000); put32(0x3004, 0x280000); put32(0x3008, 0x2200); put32(0x300C, 0);
	put32(0x3010, 0x280000); put32(0x3014, 0x281000); put32(0x3018, 0x2300); put32(0x301C, 0);
	put_str(0x2200, "bzImage mem=32M -- console=hvc0");
	put_str(0x2300, "initrd.gz");
	m->mmap_addr = 0x4000;
	m->mmap_length = 3 * 24;
	for (int i = 0; i < 3; i++) {
		static const uint64_t base[] = { 0, 0x9FC00, 0x100000 };
		static const uint64_t len[] = { 0x9FC00, 0x400, 0x7EE0000 };
		static const uint32_t type[] = { 1, 2, 1 };
		put32(0x4000 + i * 24, 20);
		put64(0x4004 + i * 24, base[i]);
		put64(0x400C + i * 24, len[i]);
		put32(0x4014 + i * 24, type[i]);
	}
	return m;
}

static void mb1_good(void)
{
	reset();
	mb1();
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.error == NULL);
	CHECK_EQ(bi.protocol, 1);
	CHECK_STR(bi.cmdline, "/boot/hv.elf console=com1");
	CHECK_STR(bi.loader, "GRUB 2.06");
	CHECK_EQ(bi.nr_mmap, 3);
	CHECK_EQ(bi.mmap[2].base, 0x100000);
	CHECK_EQ(bi.mmap[2].len, 0x7EE0000);
	CHECK_EQ(bi.mmap[1].type, 2);
	CHECK_EQ(bi.nr_modules, 2);
	CHECK_EQ(bi.modules[0].start, 0x200000);
	CHECK_EQ(bi.modules[0].end, 0x280000);
	CHECK_STR(bi.modules[0].cmdline, "bzImage mem=32M -- console=hvc0");
	CHECK_STR(bi.modules[1].cmdline, "initrd.gz");
	CHECK(bi.nr_loader_ranges >= 3);
}

static void mb1_basic_memory_only(void)
{
	reset();
	multiboot_info_t *m = mb1();
	m->flags = MULTIBOOT_INFO_MEMORY;
	m->mem_lower = 639;
	m->mem_upper = 65536;
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.error == NULL);
	CHECK(bi.mmap_from_basic);
	CHECK_EQ(bi.nr_mmap, 2);
	CHECK_EQ(bi.mmap[1].base, 0x100000);
	CHECK_EQ(bi.mmap[1].len, 65536ull * 1024);
	CHECK_EQ(bi.nr_modules, 0);
}

static void mb1_bad_pointers(void)
{
	reset();
	multiboot_info_t *m = mb1();
	m->mods_addr = PHYS_SIZE - 8;	/* list runs off the end */
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.error != NULL);
	CHECK_EQ(bi.nr_modules, 0);

	reset();
	m = mb1();
	m->cmdline = 0xFFFFFFF0;
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.error != NULL);
	CHECK_EQ(bi.nr_mmap, 3);	/* the rest is still read */

	reset();
	boot_info_parse(&bi, MB1_LOADER_MAGIC, PHYS_SIZE - 4, &view);
	CHECK(bi.error != NULL);

	reset();
	boot_info_parse(&bi, 0x12345678, 0x1000, &view);
	CHECK(bi.error != NULL);
	CHECK_EQ(bi.protocol, 0);
}

static void mb1_zero_size_entry_does_not_loop(void)
{
	reset();
	mb1();
	put32(0x4018, 0);	/* the second entry claims size 0 */
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.error != NULL);
	CHECK_EQ(bi.nr_mmap, 1);
}

static void mb1_unterminated_string_is_cut(void)
{
	reset();
	multiboot_info_t *m = mb1();
	m->cmdline = PHYS_SIZE - 4;
	memcpy(phys + PHYS_SIZE - 4, "abcd", 4);	/* no NUL before the end */
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK_STR(bi.cmdline, "abcd");
	m->cmdline = 0x5000;
	memset(phys + 0x5000, 'x', 3000);
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK(bi.cmdline_truncated);
	CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
}

static void mb1_too_many_modules(void)
{
	reset();
	multiboot_info_t *m = mb1();
	m->mods_count = BOOT_MAX_MODULES + 3;
	for (int i = 0; i < BOOT_MAX_MODULES + 3; i++) {
		put32(0x6000 + i * 16, 0x300000 + i * 0x1000);
		put32(0x6004 + i * 16, 0x300800 + i * 0x1000);
		put32(0x6008 + i * 16, 0);
	}
	m->mods_addr = 0x6000;
	boot_info_parse(&bi, MB1_LOADER_MAGIC, 0x1000, &view);
	CHECK_EQ(bi.nr_modules, BOOT_MAX_MODULES);
	CHECK_EQ(bi.nr_dropped_modules, 3);
	CHECK_STR(bi.modules[0].cmdline, "");
	/* The first one left out is kept aside, to be named. */
	CHECK_EQ(bi.first_dropped.start, 0x300000 + BOOT_MAX_MODULES * 0x1000);
	CHECK_EQ(bi.first_dropped.end, 0x300800 + BOOT_MAX_MODULES * 0x1000);
}

/* MB2: tags start 8 bytes in, each padded to 8. */
static uint32_t tag(uint32_t at, uint32_t type, uint32_t size)
{
	put32(at, type);
	put32(at + 4, size);
	return (at + size + 7) & ~7u;
}

static uint32_t mb2(void)
{
	uint32_t base = 0x1000, p = base + 8;

	put_str(p + 8, "hv.elf console=com2");
	p = tag(p, 1, 8 + 20);
	put_str(p + 8, "GRUB 2.06");
	p = tag(p, 2, 8 + 10);
	put32(p + 8, 0x400000);
	put32(p + 12, 0x401000);
	put_str(p + 16, "guest mem=48M");
	p = tag(p, 3, 16 + 14);
	put32(p + 8, 639);
	put32(p + 12, 130048);
	p = tag(p, 4, 16);
	put32(p + 8, 24);	/* entry size */
	put32(p + 12, 0);	/* entry version */
	put64(p + 16, 0);
	put64(p + 24, 0x9FC00);
	put32(p + 32, 1);
	put64(p + 40, 0x100000);
	put64(p + 48, 0x7EE0000);
	put32(p + 56, 1);
	p = tag(p, 6, 16 + 2 * 24);
	p = tag(p, 0, 8);
	put32(base, p - base);
	return base;
}

static void mb2_good(void)
{
	reset();
	uint32_t at = mb2();
	boot_info_parse(&bi, MB2_LOADER_MAGIC, at, &view);
	CHECK(bi.error == NULL);
	CHECK_EQ(bi.protocol, 2);
	CHECK_STR(bi.cmdline, "hv.elf console=com2");
	CHECK_STR(bi.loader, "GRUB 2.06");
	CHECK_EQ(bi.nr_modules, 1);
	CHECK_EQ(bi.modules[0].start, 0x400000);
	CHECK_STR(bi.modules[0].cmdline, "guest mem=48M");
	CHECK_EQ(bi.nr_mmap, 2);
	CHECK_EQ(bi.mmap[1].len, 0x7EE0000);
	CHECK(!bi.mmap_from_basic);
}

static void mb2_bad_sizes(void)
{
	reset();
	uint32_t at = mb2();
	put32(at, 0x7FFFFFFF);	/* total size beyond memory */
	boot_info_parse(&bi, MB2_LOADER_MAGIC, at, &view);
	CHECK(bi.error != NULL);

	reset();
	at = mb2();
	put32(at + 12, 4);	/* first tag claims to be smaller than a header */
	boot_info_parse(&bi, MB2_LOADER_MAGIC, at, &view);
	CHECK(bi.error != NULL);

	reset();
	at = mb2();
	put32(at + 12, 0x100000);	/* first tag runs past the block */
	boot_info_parse(&bi, MB2_LOADER_MAGIC, at, &view);
	CHECK(bi.error != NULL);
}

static void mb2_no_memory_info(void)
{
	reset();
	uint32_t base = 0x1000, p = base + 8;
	put_str(p + 8, "x");
	p = tag(p, 1, 10);
	p = tag(p, 0, 8);
	put32(base, p - base);
	boot_info_parse(&bi, MB2_LOADER_MAGIC, base, &view);
	CHECK(bi.error != NULL);
	CHECK_EQ(bi.nr_mmap, 0);
	CHECK_STR(bi.cmdline, "x");
}

int main(void)
{
	RUN(mb1_good);
	RUN(mb1_basic_memory_only);
	RUN(mb1_bad_pointers);
	RUN(mb1_zero_size_entry_does_not_loop);
	RUN(mb1_unterminated_string_is_cut);
	RUN(mb1_too_many_modules);
	RUN(mb2_good);
	RUN(mb2_bad_sizes);
	RUN(mb2_no_memory_info);
	free(phys);
	return 0;
}
