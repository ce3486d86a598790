// SPDX-License-Identifier: GPL-2.0-only
/*
 * What kind of kernel a module holds, and how to lay it out in guest
 * memory.  Two formats, as the lguest Launcher accepted them (LGUEST-ABI.md
 * §3.1):
 *
 *  - a bzImage: the real-mode setup sectors are never run (a guest starts
 *    in protected mode), so only the payload after them is copied, to
 *    0x100000, and the kernel's own 32-bit decompressor unpacks it;
 *  - a vmlinux ELF: each PT_LOAD goes to its physical address.
 *
 * Then the Linux version, because the lguest ABI changed with nearly every
 * release and we must pick the generation before the guest runs.
 *
 * Everything here reads an untrusted buffer: every offset is checked
 * against the size before use, with 64-bit sums so nothing wraps.
 */
#include "guest-abi/kernel_image.h"
#include "lib/fmt.h"
#include "lib/string.h"

/* The setup header fields we read (file offsets; same as boot_params). */
#define HDR_JUMP_TARGET 0x201	/* the header ends at 0x202 + this byte */
#define HDR_END_MIN 0x236	/* through `relocatable_kernel` (2.05) */
#define HDR_END_INIT_SIZE 0x264	/* through `init_size` (2.10) */

/* ELF32 offsets and values we need. */
#define ELF_EHDR_SIZE 52
#define ELF_PHDR_SIZE 32
#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define E_TYPE 16
#define E_MACHINE 18
#define E_ENTRY 24
#define E_PHOFF 28
#define E_PHENTSIZE 42
#define E_PHNUM 44
#define ET_EXEC 2
#define EM_386 3
#define PT_LOAD 1
#define P_TYPE 0
#define P_OFFSET 4
#define P_VADDR 8
#define P_PADDR 12
#define P_FILESZ 16
#define P_MEMSZ 20

/* A vmlinux's e_entry is physical; one above this is a virtual address. */
#define VIRTUAL_ENTRY_MIN 0xC0000000u
#define FOUR_GIB 0x100000000ull

static const char linux_version[] = "Linux version ";

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Formats a reason into out->reason and returns it. */
__attribute__((format(printf, 2, 3)))
static const char *why(struct kimage *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
	return out->reason;
}

bool kimage_is_kernel(const uint8_t *data, uint32_t size)
{
	if (size >= 4 && !memcmp(data, "\x7f" "ELF", 4))
		return true;
	return size >= BP_HDR_MAGIC + 4 && !memcmp(data + BP_HDR_MAGIC, "HdrS", 4);
}

/* --- the version ---------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads decimal digits at s[*i]; false if there are none.  Big numbers
 * saturate instead of wrapping (the callers range-check them). */
static bool number(const char *s, size_t maxlen, size_t *i, uint32_t *val)
{
	size_t start = *i;

	*val = 0;
	for (; *i < maxlen && is_digit(s[*i]); (*i)++)
		if (*val < 100000)
			*val = *val * 10 + (uint32_t)(s[*i] - '0');
	return *i > start;
}

uint32_t kimage_parse_version(const char *s, size_t maxlen)
{
	uint32_t a, b, c = 0;
	size_t i = 0;

	if (!number(s, maxlen, &i, &a) || i >= maxlen || s[i++] != '.' ||
	    !number(s, maxlen, &i, &b))
		return 0;
	/* A third number is the sublevel; a fourth (2.6.32.69) is the
	 * stable release, which does not change the ABI. */
	if (i + 1 < maxlen && s[i] == '.' && is_digit(s[i + 1])) {
		i++;
		number(s, maxlen, &i, &c);
	}
	if (a == 0 || a > 255 || b > 255)
		return 0;
	return KERNEL_VERSION(a, b, c > 255 ? 255 : c);
}

/* Records the version text at data[off..end) up to its first space. */
static void take_version(struct kimage *out, const uint8_t *data, uint32_t off,
			 uint32_t end)
{
	uint32_t n = 0;

	while (off + n < end && n + 1 < sizeof(out->version_string)) {
		uint8_t c = data[off + n];

		if (c <= ' ' || c >= 0x7f)	/* space, NUL, or not text */
			break;
		out->version_string[n++] = (char)c;
	}
	out->version_string[n] = '\0';
	out->version = kimage_parse_version(out->version_string, n);
	out->gen = lguest_gen_for_version(out->version);
}

/* Offset of needle in data[0..size), or -1. */
static int64_t find(const uint8_t *data, uint32_t size, const char *needle, uint32_t len)
{
	for (uint32_t i = 0; size >= len && i <= size - len; i++)
		if (data[i] == (uint8_t)needle[0] && !memcmp(data + i, needle, len))
			return i;
	return -1;
}

/* --- bzImage ---------------------------------------------------------- */

/* The header fields: protocol version, how long the header is, and that
 * it is new enough for lguest. */
static const char *bz_header(const uint8_t *data, uint32_t size, struct kimage *out)
{
	uint32_t end;

	if (size < HDR_END_MIN)
		return "truncated setup header";
	out->boot_protocol = rd16(data + BP_VERSION);
	if (out->boot_protocol < KIMAGE_MIN_PROTOCOL)
		return why(out, "boot protocol %u.%02u is too old (need %u.%02u+)",
			   out->boot_protocol >> 8, out->boot_protocol & 0xFF,
			   KIMAGE_MIN_PROTOCOL >> 8, KIMAGE_MIN_PROTOCOL & 0xFF);
	/* The header ends where the 2-byte jump at 0x200 lands. */
	end = 0x202 + data[HDR_JUMP_TARGET];
	if (end > size)
		return "truncated setup header";
	if (end < HDR_END_MIN ||
	    (out->boot_protocol >= 0x020A && end < HDR_END_INIT_SIZE))
		return why(out, "setup header is too short (%u bytes) for protocol %u.%02u",
			   end - BP_SETUP_HEADER, out->boot_protocol >> 8,
			   out->boot_protocol & 0xFF);
	out->setup_header_len = end - BP_SETUP_HEADER;
	out->relocatable = data[BP_RELOCATABLE] != 0;
	if (out->boot_protocol >= 0x020A)
		out->init_size = rd32(data + BP_INIT_SIZE);
	return NULL;
}

/* kernel_version points (less 0x200) at a string inside the setup
 * sectors; anywhere else would be a lie we refuse to follow. */
static const char *bz_version(const uint8_t *data, uint32_t setup_end, struct kimage *out)
{
	uint32_t kv = rd16(data + BP_KERNEL_VERSION);
	uint32_t off = kv + 0x200;

	if (kv == 0)
		return "bzImage has no kernel_version string";
	if (off >= setup_end)
		return why(out, "kernel_version string (offset %#x) is outside the setup sectors",
			   off);
	take_version(out, data, off, setup_end);
	return NULL;
}

static const char *probe_bzimage(const uint8_t *data, uint32_t size, struct kimage *out)
{
	const char *err;
	uint32_t sects, payload, file_size;
	uint64_t end;

	out->kind = KIMAGE_BZIMAGE;
	err = bz_header(data, size, out);
	if (err)
		return err;
	sects = data[BP_SETUP_SECTS];
	if (sects == 0)		/* what very old loaders assumed, kept by the protocol */
		sects = 4;
	payload = (sects + 1) * 512;
	if (payload >= size)
		return why(out, "bzImage ends inside its setup sectors (%u bytes, payload at %#x)",
			   size, payload);
	err = bz_version(data, payload, out);
	if (err)
		return err;

	file_size = size - payload;
	out->nr_segments = 1;
	out->seg[0] = (struct kimage_segment){
		.file_offset = payload, .file_size = file_size,
		.mem_size = file_size, .gpa = GUEST_KERNEL_GPA,
	};
	out->entry = rd32(data + BP_CODE32_START);
	if (out->entry == 0)
		out->entry = GUEST_KERNEL_GPA;
	/* init_size covers the decompressor's whole working area from the
	 * load address; the payload alone may be smaller. */
	end = (uint64_t)GUEST_KERNEL_GPA + file_size;
	if (end < (uint64_t)GUEST_KERNEL_GPA + out->init_size)
		end = (uint64_t)GUEST_KERNEL_GPA + out->init_size;
	if (end > FOUR_GIB - 1)
		return "bzImage does not fit below 4 GiB";
	out->load_end = (uint32_t)end;
	return NULL;
}

/* --- vmlinux ELF ------------------------------------------------------ */

static const char *elf_header(const uint8_t *data, uint32_t size, struct kimage *out)
{
	uint64_t ph_end;

	if (size < ELF_EHDR_SIZE)
		return "truncated ELF header";
	if (data[EI_CLASS] != ELFCLASS32 || data[EI_DATA] != ELFDATA2LSB ||
	    rd16(data + E_MACHINE) != EM_386)
		return "ELF is not 32-bit i386";
	if (rd16(data + E_TYPE) != ET_EXEC)
		return "ELF is not an executable (ET_EXEC)";
	if (rd16(data + E_PHNUM) == 0)
		return "ELF has no program headers";
	if (rd16(data + E_PHENTSIZE) < ELF_PHDR_SIZE)
		return why(out, "ELF program header size %u is too small",
			   rd16(data + E_PHENTSIZE));
	ph_end = (uint64_t)rd32(data + E_PHOFF) +
		 (uint64_t)rd16(data + E_PHNUM) * rd16(data + E_PHENTSIZE);
	if (ph_end > size)
		return "ELF program headers lie outside the file";
	return NULL;
}

/* Checks one PT_LOAD (program header number i) and appends it. */
static const char *elf_segment(const uint8_t *ph, int i, uint32_t size, struct kimage *out)
{
	struct kimage_segment s = {
		.file_offset = rd32(ph + P_OFFSET), .file_size = rd32(ph + P_FILESZ),
		.mem_size = rd32(ph + P_MEMSZ), .gpa = rd32(ph + P_PADDR),
	};

	if ((uint64_t)s.file_offset + s.file_size > size)
		return why(out, "PT_LOAD segment %d lies outside the file", i);
	if (s.mem_size < s.file_size)
		return why(out, "PT_LOAD segment %d has p_memsz %#x < p_filesz %#x",
			   i, s.mem_size, s.file_size);
	if ((uint64_t)s.gpa + s.mem_size > FOUR_GIB - 1)
		return why(out, "PT_LOAD segment %d runs past 4 GiB", i);
	if (s.mem_size == 0)		/* nothing to place */
		return NULL;
	if (out->nr_segments == KIMAGE_MAX_SEGMENTS)
		return why(out, "more than %d PT_LOAD segments", KIMAGE_MAX_SEGMENTS);
	out->seg[out->nr_segments++] = s;
	if (s.gpa + s.mem_size > out->load_end)
		out->load_end = s.gpa + s.mem_size;
	return NULL;
}

/* Two segments sharing guest memory would overwrite each other. */
static const char *elf_overlaps(struct kimage *out)
{
	for (int i = 0; i < out->nr_segments; i++)
		for (int j = i + 1; j < out->nr_segments; j++) {
			const struct kimage_segment *a = &out->seg[i], *b = &out->seg[j];

			if (a->gpa < b->gpa + b->mem_size && b->gpa < a->gpa + a->mem_size)
				return why(out, "PT_LOAD segments at %#x and %#x overlap",
					   a->gpa, b->gpa);
		}
	return NULL;
}

/* A Linux vmlinux has a physical e_entry; other linkers may give the
 * virtual one, which the first PT_LOAD's vaddr-paddr offset undoes.  The
 * result must land in something we load. */
static const char *elf_entry(uint32_t e_entry, uint32_t delta, struct kimage *out)
{
	out->entry = e_entry >= VIRTUAL_ENTRY_MIN ? e_entry - delta : e_entry;
	for (int i = 0; i < out->nr_segments; i++)
		if (out->entry >= out->seg[i].gpa &&
		    out->entry - out->seg[i].gpa < out->seg[i].mem_size)
			return NULL;
	return why(out, "entry point %#x is outside every PT_LOAD segment", out->entry);
}

static const char *probe_elf(const uint8_t *data, uint32_t size, struct kimage *out)
{
	const char *err;
	uint32_t phoff, phentsize, delta = 0;
	bool first = true;
	int64_t at;

	out->kind = KIMAGE_ELF;
	err = elf_header(data, size, out);
	if (err)
		return err;
	phoff = rd32(data + E_PHOFF);
	phentsize = rd16(data + E_PHENTSIZE);
	for (int i = 0; i < rd16(data + E_PHNUM); i++) {
		const uint8_t *ph = data + phoff + (uint32_t)i * phentsize;

		if (rd32(ph + P_TYPE) != PT_LOAD)
			continue;
		if (first)
			delta = rd32(ph + P_VADDR) - rd32(ph + P_PADDR);
		first = false;
		err = elf_segment(ph, i, size, out);
		if (err)
			return err;
	}
	if (out->nr_segments == 0)
		return "ELF has no PT_LOAD segments";
	err = elf_overlaps(out);
	if (!err)
		err = elf_entry(rd32(data + E_ENTRY), delta, out);
	if (err)
		return err;

	at = find(data, size, linux_version, sizeof(linux_version) - 1);
	if (at < 0)
		return "no 'Linux version' string found";
	take_version(out, data, (uint32_t)at + sizeof(linux_version) - 1, size);
	return NULL;
}

const char *kimage_probe(const uint8_t *data, uint32_t size, struct kimage *out)
{
	memset(out, 0, sizeof(*out));
	if (!data || size < 4)
		return "too small to be a kernel";
	if (!memcmp(data, "\x7f" "ELF", 4))
		return probe_elf(data, size, out);
	if (size >= BP_HDR_MAGIC + 4 && !memcmp(data + BP_HDR_MAGIC, "HdrS", 4))
		return probe_bzimage(data, size, out);
	return "not a bzImage (no \"HdrS\" at 0x202) or an ELF";
}
