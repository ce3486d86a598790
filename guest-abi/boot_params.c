// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zero page a guest finds at gpa 0 (esi = 0 when it starts).  The
 * reference Launcher wrote only a handful of fields; we also copy the
 * bzImage's own setup header first, because decompressors from the 4.x
 * era read fields (init_size) the Launcher never set, and a header that
 * says what the kernel really is costs nothing.  Then the lguest fields
 * are written over it.
 */
#include "guest-abi/boot_params.h"
#include "lib/string.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* The setup header sits at the same offsets in the image and in
 * boot_params, so it is one copy, cut to what both really hold. */
static void copy_setup_header(uint8_t *bp, const struct boot_params_spec *s)
{
	uint32_t end = BP_SETUP_HEADER + s->k->setup_header_len;

	if (end > BOOT_PARAMS_SIZE)
		end = BOOT_PARAMS_SIZE;
	if (end > s->image_size)
		end = s->image_size;
	if (end > BP_SETUP_HEADER)
		memcpy(bp + BP_SETUP_HEADER, s->image + BP_SETUP_HEADER, end - BP_SETUP_HEADER);
}

/* Exactly one RAM entry: lguest guests read only e820_map[0], and the
 * first page above it must be the device page (never RAM). */
static void memory_map(uint8_t *bp, uint32_t mem_bytes)
{
	bp[BP_E820_ENTRIES] = 1;
	put64(bp + BP_E820_MAP, 0);
	put64(bp + BP_E820_MAP + 8, mem_bytes);
	put32(bp + BP_E820_MAP + 16, E820_RAM);
}

static void initrd(uint8_t *bp, const struct boot_params_spec *s)
{
	if (!s->initrd_size) {
		put32(bp + BP_RAMDISK_IMAGE, 0);
		put32(bp + BP_RAMDISK_SIZE, 0);
		return;
	}
	put32(bp + BP_RAMDISK_IMAGE, s->initrd_gpa);
	put32(bp + BP_RAMDISK_SIZE, s->initrd_size);
	/* Linux ignores the ramdisk fields while type_of_loader is 0, as if
	 * no boot loader had filled them; 0xFF means "another loader". */
	bp[BP_TYPE_OF_LOADER] = BP_LOADER_UNDEFINED;
}

/* head_32.S dispatches on hardware_subarch only when version >= 2.07, so
 * an older (or absent, for an ELF) number becomes 2.07.  A newer real one
 * is kept: newer decompressors only read the fields its version promises,
 * and those are in the header we copied. */
static uint16_t protocol_version(uint8_t *bp)
{
	uint16_t v = get16(bp + BP_VERSION);

	if (v < BP_MIN_LGUEST_VERSION)
		v = BP_MIN_LGUEST_VERSION;
	put16(bp + BP_VERSION, v);
	return v;
}

/* A relocatable kernel decompresses to the next multiple of
 * kernel_alignment above where it was loaded; 0 would send it to address
 * 0.  The 3.1 Launcher always wrote 16 MiB, and a relocatable bzImage of
 * any age needs a sane value too. */
static void alignment(uint8_t *bp, const struct kimage *k)
{
	if ((k->gen && k->gen->kernel_alignment) ||
	    (k->kind == KIMAGE_BZIMAGE && k->relocatable))
		put32(bp + BP_KERNEL_ALIGNMENT, GUEST_KERNEL_ALIGNMENT);
}

void boot_params_build(uint8_t bp[BOOT_PARAMS_SIZE], const struct boot_params_spec *s)
{
	if (s->k->kind == KIMAGE_BZIMAGE && s->image)
		copy_setup_header(bp, s);
	memory_map(bp, s->mem_bytes);
	put32(bp + BP_CMD_LINE_PTR, GUEST_CMDLINE_GPA);
	initrd(bp, s);
	if (protocol_version(bp) >= BP_CMDLINE_SIZE_VERSION)
		put32(bp + BP_CMDLINE_SIZE, GUEST_CMDLINE_MAX - 1);
	put32(bp + BP_HARDWARE_SUBARCH, X86_SUBARCH_LGUEST);
	/* The guest runs at ring 1 on our segments: it must not reload them
	 * (that would fault, or load ring-0 selectors). */
	bp[BP_LOADFLAGS] |= BP_KEEP_SEGMENTS;
	alignment(bp, s->k);
}
