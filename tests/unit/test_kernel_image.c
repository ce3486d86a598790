// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recognising guest kernels: bzImages and vmlinux ELFs built by hand in a
 * buffer.  Good ones must be described exactly (payload offset, entry,
 * segments, version and generation); bad ones (truncated, lying offsets,
 * too-old protocol, overlapping or oversized segments) must give a reason.
 * Every image is probed from a heap copy of exactly its size, so ASan
 * catches any read past the end; mutated and random images check the
 * same under fire.
 * sources: guest-abi/kernel_image.c guest-abi/gen.c lib/fmt.c
 */
#include <stdint.h>
#include "check.h"
#include "guest-abi/kernel_image.h"

#define HDR_END 0x268		/* where our synthetic setup header ends */
#define KV_STRING 0x300		/* where its kernel_version string sits */

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

/* Probes a heap copy of exactly size bytes. */
static const char *probe(const uint8_t *img, uint32_t size, struct kimage *k)
{
	uint8_t *copy = malloc(size ? size : 1);
	const char *err;
	static char saved[256];

	memcpy(copy, img, size);
	err = kimage_probe(copy, size, k);
	free(copy);
	if (!err)
		return NULL;
	/* read the reason after the image is freed: ASan then catches one
	 * that points into the image instead of into k or a constant */
	snprintf(saved, sizeof(saved), "%s", err);
	return saved;
}

/* --- bzImage ---------------------------------------------------------- */

static uint8_t bz[0x4000];

/* A bzImage with the given setup_sects byte, protocol, kernel_version text
 * and payload length; returns its size. */
static uint32_t make_bz(uint8_t setup_sects, uint16_t protocol, const char *ver,
			uint32_t payload_len)
{
	uint32_t sects = setup_sects ? setup_sects : 4;
	uint32_t size = (sects + 1) * 512 + payload_len;

	memset(bz, 0, sizeof(bz));
	bz[0x1F1] = setup_sects;
	bz[0x1FE] = 0x55;
	bz[0x1FF] = 0xAA;
	bz[0x200] = 0xEB;			/* jmp short to the header's end */
	bz[0x201] = HDR_END - 0x202;
	memcpy(bz + 0x202, "HdrS", 4);
	w16(bz + 0x206, protocol);
	w16(bz + 0x20E, KV_STRING - 0x200);
	w32(bz + 0x214, 0x100000);
	bz[0x234] = 1;				/* relocatable */
	w32(bz + 0x260, 0x400000);		/* init_size */
	strcpy((char *)bz + KV_STRING, ver);
	for (uint32_t i = (sects + 1) * 512; i < size; i++)
		bz[i] = (uint8_t)(i * 7);
	return size;
}

static void bz_versions(void)
{
	static const struct {
		const char *text, *shown, *gen;
		uint32_t version;
	} cases[] = {
		{ "2.6.32.69 (x@y) #1", "2.6.32.69", "G5", KERNEL_VERSION(2, 6, 32) },
		{ "3.10.108", "3.10.108", "G7", KERNEL_VERSION(3, 10, 108) },
		{ "3.19.8 (builder@host) #3 SMP", "3.19.8", "G7", KERNEL_VERSION(3, 19, 8) },
		{ "2.6.30", "2.6.30", "G4", KERNEL_VERSION(2, 6, 30) },
		{ "2.6.24.7", "2.6.24.7", "G1", KERNEL_VERSION(2, 6, 24) },
		{ "2.6.23.17", "2.6.23.17", NULL, KERNEL_VERSION(2, 6, 23) },
		{ "4.1.0", "4.1.0", "G9", KERNEL_VERSION(4, 1, 0) },
		{ "4.14.0", "4.14.0", NULL, KERNEL_VERSION(4, 14, 0) },
		{ "2.6.35.6", "2.6.35.6", "G6", KERNEL_VERSION(2, 6, 35) },
		{ "hello", "hello", NULL, 0 },
	};
	struct kimage k;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t size = make_bz(3, 0x020A, cases[i].text, 4096);

		CHECK(kimage_is_kernel(bz, size));
		CHECK(probe(bz, size, &k) == NULL);
		CHECK_EQ(k.kind, KIMAGE_BZIMAGE);
		CHECK_STR(k.version_string, cases[i].shown);
		CHECK_EQ(k.version, cases[i].version);
		if (cases[i].gen) {
			CHECK(k.gen != NULL);
			if (k.gen)
				CHECK_STR(k.gen->name, cases[i].gen);
		} else {
			CHECK(k.gen == NULL);
		}
	}
}

static void bz_layout(void)
{
	struct kimage k;
	uint32_t size = make_bz(3, 0x020A, "3.4.1", 0x1234);

	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.nr_segments, 1);
	CHECK_EQ(k.seg[0].file_offset, 4 * 512);
	CHECK_EQ(k.seg[0].file_size, 0x1234);
	CHECK_EQ(k.seg[0].mem_size, 0x1234);
	CHECK_EQ(k.seg[0].gpa, 0x100000);
	CHECK_EQ(k.entry, 0x100000);
	CHECK_EQ(k.boot_protocol, 0x020A);
	CHECK_EQ(k.setup_header_len, HDR_END - 0x1F1);
	CHECK(k.relocatable);
	CHECK_EQ(k.init_size, 0x400000);
	CHECK_EQ(k.load_end, 0x100000 + 0x400000);	/* init_size wins */

	/* setup_sects = 0 means 4 */
	size = make_bz(0, 0x020A, "3.4.1", 100);
	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.seg[0].file_offset, 5 * 512);
	CHECK_EQ(k.seg[0].file_size, 100);

	/* a payload bigger than init_size sets load_end itself */
	size = make_bz(1, 0x020A, "3.4.1", 0x2000);
	w32(bz + 0x260, 0x1000);
	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.seg[0].file_offset, 1024);
	CHECK_EQ(k.load_end, 0x100000 + 0x2000);

	/* code32_start is the entry; 0 means the load address */
	w32(bz + 0x214, 0x200000);
	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.entry, 0x200000);
	w32(bz + 0x214, 0);
	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.entry, 0x100000);
}

/* Fields guarded by a newer protocol are not read from an older one. */
static void bz_protocol_fields(void)
{
	struct kimage k;
	uint32_t size = make_bz(4, 0x0209, "2.6.31", 512);

	CHECK(probe(bz, size, &k) == NULL);
	CHECK_EQ(k.init_size, 0);
	CHECK(k.relocatable);
	CHECK_EQ(k.load_end, 0x100000 + 512);
	CHECK(k.gen && !strcmp(k.gen->name, "G5"));

	size = make_bz(4, 0x0207, "2.6.33", 512);
	bz[0x234] = 0;
	CHECK(probe(bz, size, &k) == NULL);
	CHECK(!k.relocatable);
	CHECK_EQ(k.boot_protocol, 0x0207);
}

static void bz_old_protocol(void)
{
	struct kimage k;
	uint32_t size = make_bz(4, 0x0202, "2.6.32", 512);
	const char *err = probe(bz, size, &k);

	CHECK(err != NULL);
	CHECK(err && strstr(err, "2.02") && strstr(err, "too old") && strstr(err, "2.07"));
	size = make_bz(4, 0x0206, "2.6.32", 512);
	CHECK(probe(bz, size, &k) != NULL);
}

static void bz_truncated(void)
{
	struct kimage k;
	uint32_t size = make_bz(4, 0x020A, "3.4.1", 512);
	const char *err;

	/* every length short of the payload fails, without reading past it */
	for (uint32_t cut = 0; cut <= 5 * 512; cut++)
		CHECK(probe(bz, cut, &k) != NULL);
	err = probe(bz, 0x220, &k);
	CHECK(err && strstr(err, "truncated setup header"));
	err = probe(bz, 0x700, &k);
	CHECK(err && strstr(err, "setup sectors"));
	CHECK(probe(bz, 5 * 512 + 1, &k) == NULL);
	CHECK_EQ(k.seg[0].file_size, 1);

	/* the header says it runs past the end of a tiny file */
	make_bz(4, 0x020A, "3.4.1", 512);
	bz[0x201] = 0xFF;
	err = probe(bz, 0x260, &k);
	CHECK(err && strstr(err, "truncated"));

	/* a header too short to hold init_size for protocol 2.10 */
	size = make_bz(4, 0x020A, "3.4.1", 512);
	bz[0x201] = 0x40;
	err = probe(bz, size, &k);
	CHECK(err && strstr(err, "too short"));
}

static void bz_kernel_version_outside(void)
{
	struct kimage k;
	uint32_t size = make_bz(2, 0x020A, "3.4.1", 512);
	const char *err;

	w16(bz + 0x20E, 3 * 512 - 0x200);	/* just past the setup sectors */
	err = probe(bz, size, &k);
	CHECK(err && strstr(err, "outside the setup sectors"));
	w16(bz + 0x20E, 0xFFFF);
	CHECK(probe(bz, size, &k) != NULL);
	w16(bz + 0x20E, 0);
	err = probe(bz, size, &k);
	CHECK(err && strstr(err, "kernel_version"));

	/* a string running to the very end of the setup sectors is cut there */
	w16(bz + 0x20E, 3 * 512 - 4 - 0x200);
	memcpy(bz + 3 * 512 - 4, "3.19", 4);
	CHECK(probe(bz, size, &k) == NULL);
	CHECK_STR(k.version_string, "3.19");
	CHECK_EQ(k.version, KERNEL_VERSION(3, 19, 0));
}

/* --- ELF -------------------------------------------------------------- */

static uint8_t elf[0x4000];
static uint32_t elf_size;

static void elf_header(uint16_t phnum, uint32_t entry)
{
	memset(elf, 0, sizeof(elf));
	memcpy(elf, "\x7f" "ELF", 4);
	elf[4] = 1;		/* 32-bit */
	elf[5] = 1;		/* little-endian */
	elf[6] = 1;
	w16(elf + 16, 2);	/* ET_EXEC */
	w16(elf + 18, 3);	/* EM_386 */
	w32(elf + 20, 1);
	w32(elf + 24, entry);
	w32(elf + 28, 52);	/* e_phoff */
	w16(elf + 40, 52);
	w16(elf + 42, 32);
	w16(elf + 44, phnum);
	elf_size = 0x3000;
}

static void elf_phdr(int i, uint32_t type, uint32_t off, uint32_t vaddr, uint32_t paddr,
		     uint32_t filesz, uint32_t memsz)
{
	uint8_t *ph = elf + 52 + 32 * i;

	w32(ph + 0, type);
	w32(ph + 4, off);
	w32(ph + 8, vaddr);
	w32(ph + 12, paddr);
	w32(ph + 16, filesz);
	w32(ph + 20, memsz);
	w32(ph + 28, 0x1000);
}

/* Text and data of a vmlinux linked at 0xC1000000, loaded at 16 MiB, a
 * PT_NOTE in between, and the banner in the data. */
static void make_elf(void)
{
	elf_header(3, 0x1000000);
	elf_phdr(0, 1, 0x1000, 0xC1000000, 0x1000000, 0x800, 0x1000);
	elf_phdr(1, 4, 0x1900, 0xC1001900, 0x1001900, 0x20, 0x20);
	elf_phdr(2, 1, 0x1800, 0xC1001000, 0x1001000, 0x400, 0x2000);
	strcpy((char *)elf + 0x1900, "Linux version 3.4.1 (x@y) #1");
}

static void elf_valid(void)
{
	struct kimage k;

	make_elf();
	CHECK(kimage_is_kernel(elf, elf_size));
	CHECK(probe(elf, elf_size, &k) == NULL);
	CHECK_EQ(k.kind, KIMAGE_ELF);
	CHECK_EQ(k.nr_segments, 2);
	CHECK_EQ(k.seg[0].file_offset, 0x1000);
	CHECK_EQ(k.seg[0].file_size, 0x800);
	CHECK_EQ(k.seg[0].mem_size, 0x1000);
	CHECK_EQ(k.seg[0].gpa, 0x1000000);
	CHECK_EQ(k.seg[1].gpa, 0x1001000);
	CHECK_EQ(k.seg[1].mem_size, 0x2000);
	CHECK_EQ(k.entry, 0x1000000);
	CHECK_EQ(k.load_end, 0x1003000);
	CHECK_STR(k.version_string, "3.4.1");
	CHECK_EQ(k.version, KERNEL_VERSION(3, 4, 1));
	CHECK(k.gen && !strcmp(k.gen->name, "G7"));

	/* an unsupported version is described, not refused */
	memcpy(elf + 0x1900 + 14, "5.1.0", 5);
	CHECK(probe(elf, elf_size, &k) == NULL);
	CHECK(k.gen == NULL);
	CHECK_STR(k.version_string, "5.1.0");

	/* the banner at the very end of the file */
	make_elf();
	memset(elf + 0x1900, 0, 32);
	memcpy(elf + elf_size - 20, "Linux version 2.6.33", 20);
	CHECK(probe(elf, elf_size, &k) == NULL);
	CHECK_STR(k.version_string, "2.6.33");
	CHECK(k.gen && !strcmp(k.gen->name, "G5"));
}

static void elf_virtual_entry(void)
{
	struct kimage k;

	make_elf();
	w32(elf + 24, 0xC1000010);
	CHECK(probe(elf, elf_size, &k) == NULL);
	CHECK_EQ(k.entry, 0x1000010);

	w32(elf + 24, 0x5000000);	/* not in anything we load */
	const char *err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "entry point"));
}

static void elf_wrong_kind(void)
{
	struct kimage k;
	const char *err;

	make_elf();
	elf[4] = 2;		/* ELFCLASS64 */
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "not 32-bit i386"));
	make_elf();
	w16(elf + 18, 62);	/* x86-64 */
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "not 32-bit i386"));
	make_elf();
	elf[5] = 2;		/* big-endian */
	CHECK(probe(elf, elf_size, &k) != NULL);
	make_elf();
	w16(elf + 16, 3);	/* ET_DYN */
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "ET_EXEC"));
	make_elf();
	err = probe(elf, 40, &k);
	CHECK(err && strstr(err, "truncated ELF header"));
}

static void elf_bad_segments(void)
{
	struct kimage k;
	const char *err;

	make_elf();
	elf_phdr(2, 1, 0x2F00, 0xC1001000, 0x1001000, 0x101, 0x2000);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "segment 2 lies outside the file"));

	make_elf();
	elf_phdr(2, 1, 0xFFFFFF00, 0xC1001000, 0x1001000, 0x200, 0x2000);
	err = probe(elf, elf_size, &k);		/* offset + size wraps 32 bits */
	CHECK(err && strstr(err, "outside the file"));

	make_elf();
	elf_phdr(2, 1, 0x1800, 0xC1001000, 0x1001000, 0x400, 0x3FF);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "p_memsz"));

	make_elf();
	elf_phdr(2, 1, 0x1800, 0xC1000800, 0x1000800, 0x400, 0x2000);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "overlap"));

	make_elf();
	elf_phdr(2, 1, 0x1800, 0xC1001000, 0xFFFFF000, 0x400, 0x2000);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "4 GiB"));

	make_elf();
	w16(elf + 44, 1000);	/* program headers run past the end */
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "program headers lie outside"));
	w16(elf + 44, 0);
	CHECK(probe(elf, elf_size, &k) != NULL);
	w16(elf + 44, 3);
	w16(elf + 42, 16);
	CHECK(probe(elf, elf_size, &k) != NULL);

	/* no PT_LOAD at all */
	make_elf();
	elf_phdr(0, 4, 0x1000, 0, 0, 0x10, 0x10);
	elf_phdr(2, 6, 0x1000, 0, 0, 0x10, 0x10);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "no PT_LOAD"));
}

static void elf_too_many_segments(void)
{
	struct kimage k;
	const char *err;

	elf_header(9, 0x1000000);
	for (int i = 0; i < 9; i++)
		elf_phdr(i, 1, 0x1000, 0xC1000000 + i * 0x1000, 0x1000000 + i * 0x1000, 0x100, 0x1000);
	strcpy((char *)elf + 0x1100, "Linux version 3.4.1");
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "more than 8"));
	w16(elf + 44, 8);
	CHECK(probe(elf, elf_size, &k) == NULL);
	CHECK_EQ(k.nr_segments, 8);
	CHECK_EQ(k.load_end, 0x1008000);
}

static void elf_no_version(void)
{
	struct kimage k;
	const char *err;

	make_elf();
	memset(elf + 0x1900, 0, 32);
	err = probe(elf, elf_size, &k);
	CHECK(err && strstr(err, "no 'Linux version' string found"));
	/* the banner cut by the end of the file is not a banner */
	memcpy(elf + elf_size - 10, "Linux vers", 10);
	CHECK(probe(elf, elf_size, &k) != NULL);
}

/* --- anything else ------------------------------------------------------ */

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng = rng * 1103515245 + 12345;
	return rng >> 8;
}

static void garbage(void)
{
	struct kimage k;
	static uint8_t buf[8192];
	uint8_t one = 0;

	CHECK(!kimage_is_kernel(&one, 0));
	CHECK(probe(&one, 0, &k) != NULL);
	CHECK(kimage_probe(NULL, 0, &k) != NULL);
	CHECK(!kimage_is_kernel((const uint8_t *)"\x7f" "EL", 3));
	memset(buf, 0, sizeof(buf));
	CHECK(!kimage_is_kernel(buf, sizeof(buf)));
	CHECK(probe(buf, sizeof(buf), &k) != NULL);
	/* a gzip'd initrd is not a kernel */
	memcpy(buf, "\x1f\x8b\x08\x00", 4);
	CHECK(!kimage_is_kernel(buf, sizeof(buf)));

	for (int i = 0; i < 3000; i++) {
		uint32_t size = rnd() % sizeof(buf);

		for (uint32_t j = 0; j < size; j++)
			buf[j] = (uint8_t)rnd();
		if (i % 3 == 1 && size >= 4)
			memcpy(buf, "\x7f" "ELF", 4);
		if (i % 3 == 2 && size >= 0x206)
			memcpy(buf + 0x202, "HdrS", 4);
		probe(buf, size, &k);	/* must not crash or read outside */
	}
}

/* Valid images with random bytes changed: whatever comes out must either
 * be refused or describe segments that lie inside the file. */
static void mutations(void)
{
	struct kimage k;

	for (int i = 0; i < 4000; i++) {
		uint8_t *img;
		uint32_t size;

		if (i & 1) {
			make_elf();
			img = elf;
			size = elf_size;
		} else {
			size = make_bz(2, 0x020A, "3.4.1", 256);
			img = bz;
		}
		for (int n = 1 + rnd() % 4; n; n--) {
			uint32_t at = (i & 1) ? rnd() % 340 : 0x1F0 + rnd() % 0x90;

			img[at] = (uint8_t)rnd();
		}
		if (probe(img, size, &k))
			continue;
		CHECK(k.nr_segments >= 1 && k.nr_segments <= KIMAGE_MAX_SEGMENTS);
		for (int s = 0; s < k.nr_segments; s++) {
			CHECK((uint64_t)k.seg[s].file_offset + k.seg[s].file_size <= size);
			CHECK(k.seg[s].file_size <= k.seg[s].mem_size);
			CHECK((uint64_t)k.seg[s].gpa + k.seg[s].mem_size <= k.load_end);
		}
	}
}

static void version_parser(void)
{
	CHECK_EQ(kimage_parse_version("2.6.32.69", 64), KERNEL_VERSION(2, 6, 32));
	CHECK_EQ(kimage_parse_version("3.10.108-foo", 64), KERNEL_VERSION(3, 10, 108));
	CHECK_EQ(kimage_parse_version("3.19.8 (gcc)", 64), KERNEL_VERSION(3, 19, 8));
	CHECK_EQ(kimage_parse_version("4.0", 64), KERNEL_VERSION(4, 0, 0));
	CHECK_EQ(kimage_parse_version("3.1-rc4", 64), KERNEL_VERSION(3, 1, 0));
	CHECK_EQ(kimage_parse_version("3.2.", 64), KERNEL_VERSION(3, 2, 0));
	CHECK_EQ(kimage_parse_version("2.6.300", 64), KERNEL_VERSION(2, 6, 255));
	CHECK_EQ(kimage_parse_version("2.6.99999999999999", 64), KERNEL_VERSION(2, 6, 255));
	CHECK_EQ(kimage_parse_version("2.6.32", 5), KERNEL_VERSION(2, 6, 3));	/* cut to "2.6.3" */
	CHECK_EQ(kimage_parse_version("2.6.32", 4), KERNEL_VERSION(2, 6, 0));
	CHECK_EQ(kimage_parse_version("2.6.32", 3), KERNEL_VERSION(2, 6, 0));
	CHECK_EQ(kimage_parse_version("2.6.32", 2), 0);
	CHECK_EQ(kimage_parse_version("", 64), 0);
	CHECK_EQ(kimage_parse_version("3", 64), 0);
	CHECK_EQ(kimage_parse_version("3.", 64), 0);
	CHECK_EQ(kimage_parse_version(".6", 64), 0);
	CHECK_EQ(kimage_parse_version("v3.4", 64), 0);
	CHECK_EQ(kimage_parse_version("0.9", 64), 0);
	CHECK_EQ(kimage_parse_version("3.256", 64), 0);
	CHECK_EQ(kimage_parse_version("256.1", 64), 0);
	CHECK_EQ(kimage_parse_version("hello", 64), 0);
	CHECK_EQ(kimage_parse_version("3.4", 0), 0);
}

int main(void)
{
	RUN(bz_versions);
	RUN(bz_layout);
	RUN(bz_protocol_fields);
	RUN(bz_old_protocol);
	RUN(bz_truncated);
	RUN(bz_kernel_version_outside);
	RUN(elf_valid);
	RUN(elf_virtual_entry);
	RUN(elf_wrong_kind);
	RUN(elf_bad_segments);
	RUN(elf_too_many_segments);
	RUN(elf_no_version);
	RUN(garbage);
	RUN(mutations);
	RUN(version_parser);
	return 0;
}
