// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zero page for bzImage and ELF guests: the real setup header copied
 * (and nothing past it), then the lguest fields over it: one e820 entry,
 * the command line at 0x1000, the initrd only when there is one, version
 * at least 2.07, hardware_subarch 1, KEEP_SEGMENTS, and kernel_alignment
 * by generation and relocatability.
 * sources: guest-abi/boot_params.c guest-abi/kernel_image.c guest-abi/gen.c lib/fmt.c
 */
#include <stdint.h>
#include "check.h"
#include "guest-abi/boot_params.h"

#define HDR_END 0x268

static uint8_t img[0x2000];
static uint8_t bp[BOOT_PARAMS_SIZE];
static struct kimage k;

static void w16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void w32(uint8_t *p, uint32_t v)
{
	w16(p, (uint16_t)v);
	w16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t r16(uint32_t off)
{
	return bp[off] | bp[off + 1] << 8;
}

static uint32_t r32(uint32_t off)
{
	return r16(off) | r16(off + 2) << 16;
}

static uint64_t r64(uint32_t off)
{
	return r32(off) | (uint64_t)r32(off + 4) << 32;
}

/* A bzImage with 3 setup sectors and 1 KiB of payload; returns its size. */
static uint32_t make_bz(uint16_t protocol, const char *ver, bool relocatable)
{
	memset(img, 0, sizeof(img));
	img[0x1F1] = 3;
	img[0x200] = 0xEB;
	img[0x201] = HDR_END - 0x202;
	memcpy(img + 0x202, "HdrS", 4);
	w16(img + 0x206, protocol);
	w16(img + 0x20E, 0x300 - 0x200);
	w32(img + 0x214, 0x100000);
	img[0x211] = 0x01;			/* LOADED_HIGH */
	w32(img + 0x230, 0x200000);		/* the kernel's own alignment */
	img[0x234] = relocatable;
	w32(img + 0x238, 255);			/* the kernel's cmdline_size */
	w32(img + 0x258, 0x1000000);		/* pref_address */
	w32(img + 0x260, 0x500000);		/* init_size */
	strcpy((char *)img + 0x300, ver);
	memset(img + 0x800, 0x90, 0x400);
	return 0xC00;
}

/* Probes and builds from heap copies of exactly the right sizes. */
static void build(uint32_t size, uint32_t mem, uint32_t initrd_gpa, uint32_t initrd_size)
{
	uint8_t *copy = malloc(size);
	uint8_t *page = malloc(BOOT_PARAMS_SIZE);

	memcpy(copy, img, size);
	CHECK(kimage_probe(copy, size, &k) == NULL);
	struct boot_params_spec s = {
		.image = copy, .image_size = size, .k = &k, .mem_bytes = mem,
		.initrd_gpa = initrd_gpa, .initrd_size = initrd_size, .cmdline_len = 12,
	};
	memset(page, 0, BOOT_PARAMS_SIZE);
	boot_params_build(page, &s);
	memcpy(bp, page, BOOT_PARAMS_SIZE);
	free(page);
	free(copy);
}

/* What every guest gets, whatever its image. */
static void check_common(uint32_t mem)
{
	CHECK_EQ(bp[0x1E8], 1);
	CHECK_EQ(r64(0x2D0), 0);
	CHECK_EQ(r64(0x2D8), mem);
	CHECK_EQ(r32(0x2E0), 1);
	CHECK_EQ(r64(0x2E4), 0);		/* no second entry */
	CHECK_EQ(r32(0x228), 0x1000);
	CHECK_EQ(r32(0x238), GUEST_CMDLINE_MAX - 1);
	CHECK_EQ(r32(0x23C), 1);
	CHECK(bp[0x211] & 0x40);
	CHECK(r16(0x206) >= 0x207);
	/* below the header, only e820_entries was written */
	for (int i = 0; i < 0x1F1; i++)
		if (i != 0x1E8 && bp[i])
			printf("  byte %#x is %#x\n", i, bp[i]), case_failed = 1;
}

static void bzimage_with_initrd(void)
{
	uint32_t size = make_bz(0x020A, "3.10.108", true);

	build(size, 64u << 20, (64u << 20) - 0x3000, 0x3000);
	check_common(64u << 20);
	CHECK(k.gen && !strcmp(k.gen->name, "G7"));
	/* the setup header came across */
	CHECK_EQ(bp[0x1F1], 3);
	CHECK(!memcmp(bp + 0x202, "HdrS", 4));
	CHECK_EQ(r32(0x214), 0x100000);
	CHECK_EQ(r32(0x258), 0x1000000);
	CHECK_EQ(r32(0x260), 0x500000);
	CHECK_EQ(r16(0x20E), 0x100);
	CHECK_EQ(bp[0x234], 1);
	/* a newer real version is kept */
	CHECK_EQ(r16(0x206), 0x020A);
	/* the lguest fields over it */
	CHECK_EQ(bp[0x211], 0x41);
	CHECK_EQ(r32(0x218), (64u << 20) - 0x3000);
	CHECK_EQ(r32(0x21C), 0x3000);
	CHECK_EQ(bp[0x210], 0xFF);
	CHECK_EQ(r32(0x230), 0x1000000);
	/* and nothing beyond the header's end */
	for (int i = HDR_END; i < 0x2D0; i++)
		if (bp[i])
			printf("  byte %#x is %#x\n", i, bp[i]), case_failed = 1;
	CHECK_EQ(bp[0x300], 0);
	for (int i = 0x2E4; i < BOOT_PARAMS_SIZE; i++)
		if (bp[i])
			printf("  byte %#x is %#x\n", i, bp[i]), case_failed = 1;
}

static void bzimage_without_initrd(void)
{
	uint32_t size = make_bz(0x020A, "3.4.1", true);

	/* a stale ramdisk in the image header must not reach the guest */
	w32(img + 0x218, 0x123000);
	w32(img + 0x21C, 0x1000);
	build(size, 32u << 20, 0, 0);
	check_common(32u << 20);
	CHECK_EQ(r32(0x218), 0);
	CHECK_EQ(r32(0x21C), 0);
	CHECK_EQ(bp[0x210], 0);
}

static void version_raised_to_207(void)
{
	uint32_t size = make_bz(0x0207, "2.6.32", false);

	build(size, 64u << 20, 0, 0);
	CHECK_EQ(r16(0x206), 0x0207);
	/* the header's bytes are copied as they are, even ones its version
	 * does not promise; kimage just does not read them */
	CHECK_EQ(r32(0x260), 0x500000);
	CHECK_EQ(k.init_size, 0);

	/* a header version below 2.07 cannot come from kimage_probe, but the
	 * builder must still say 2.07 */
	memset(bp, 0, sizeof(bp));
	k.boot_protocol = 0x0205;
	img[0x206] = 0x05;
	struct boot_params_spec s = {
		.image = img, .image_size = size, .k = &k, .mem_bytes = 1u << 30,
	};
	boot_params_build(bp, &s);
	CHECK_EQ(r16(0x206), 0x0207);
	check_common(1u << 30);
}

/* 16 MiB for every G7 guest and every relocatable bzImage; otherwise the
 * image's own value stays. */
static void kernel_alignment(void)
{
	uint32_t size = make_bz(0x020A, "2.6.32.69", false);

	build(size, 64u << 20, 0, 0);
	CHECK(k.gen && !strcmp(k.gen->name, "G5"));
	CHECK_EQ(r32(0x230), 0x200000);

	size = make_bz(0x020A, "2.6.32.69", true);
	build(size, 64u << 20, 0, 0);
	CHECK_EQ(r32(0x230), 0x1000000);

	size = make_bz(0x020A, "3.0.101", false);
	build(size, 64u << 20, 0, 0);
	CHECK(k.gen && !strcmp(k.gen->name, "G6"));
	CHECK_EQ(r32(0x230), 0x200000);

	size = make_bz(0x020A, "3.1.0", false);
	build(size, 64u << 20, 0, 0);
	CHECK(k.gen && !strcmp(k.gen->name, "G7"));
	CHECK_EQ(r32(0x230), 0x1000000);
}

/* A minimal vmlinux: one PT_LOAD at 16 MiB with the banner in it. */
static uint32_t make_elf(const char *banner)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF\x01\x01\x01", 7);
	w16(img + 16, 2);
	w16(img + 18, 3);
	w32(img + 24, 0x1000000);
	w32(img + 28, 52);
	w16(img + 42, 32);
	w16(img + 44, 1);
	w32(img + 52, 1);
	w32(img + 56, 0x1000);
	w32(img + 60, 0xC1000000);
	w32(img + 64, 0x1000000);
	w32(img + 68, 0x800);
	w32(img + 72, 0x1000);
	/* bytes at header offsets that must not be taken for a setup header */
	memcpy(img + 0x202, "HdrS", 4);
	img[0x1F1] = 7;
	strcpy((char *)img + 0x1100, banner);
	return 0x1800;
}

static void elf_guests(void)
{
	uint32_t size = make_elf("Linux version 3.19.8 (x@y)");

	build(size, 128u << 20, (128u << 20) - 0x10000, 0x10000);
	check_common(128u << 20);
	CHECK_EQ(k.kind, KIMAGE_ELF);
	CHECK_EQ(r16(0x206), 0x0207);
	CHECK_EQ(bp[0x211], 0x40);
	CHECK_EQ(r32(0x230), 0x1000000);	/* G7 */
	CHECK_EQ(bp[0x1F1], 0);			/* no header copied */
	CHECK_EQ(r32(0x202), 0);
	CHECK_EQ(r32(0x218), (128u << 20) - 0x10000);
	CHECK_EQ(r32(0x21C), 0x10000);
	CHECK_EQ(bp[0x210], 0xFF);

	size = make_elf("Linux version 2.6.35.6 (x@y)");
	build(size, 64u << 20, 0, 0);
	check_common(64u << 20);
	CHECK(k.gen && !strcmp(k.gen->name, "G6"));
	CHECK_EQ(r32(0x230), 0);
	CHECK_EQ(r32(0x218), 0);
	CHECK_EQ(bp[0x210], 0);
}

/* A header length longer than the image (or than the page) is cut to
 * what both hold; ASan watches the image copy's end. */
static void header_bounds(void)
{
	uint32_t size = make_bz(0x020A, "3.4.1", true);
	uint8_t *copy = malloc(0x250);

	build(size, 64u << 20, 0, 0);
	memcpy(copy, img, 0x250);
	k.setup_header_len = 0x5000;
	memset(bp, 0, sizeof(bp));
	struct boot_params_spec s = {
		.image = copy, .image_size = 0x250, .k = &k, .mem_bytes = 64u << 20,
	};
	boot_params_build(bp, &s);
	CHECK(!memcmp(bp + 0x202, "HdrS", 4));
	CHECK_EQ(r32(0x260), 0);	/* past the end of this image */
	check_common(64u << 20);
	free(copy);
}

int main(void)
{
	RUN(bzimage_with_initrd);
	RUN(bzimage_without_initrd);
	RUN(version_raised_to_207);
	RUN(kernel_alignment);
	RUN(elf_guests);
	RUN(header_bounds);
	return 0;
}
