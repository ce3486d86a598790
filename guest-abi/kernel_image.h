/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Recognising a guest kernel image held in memory (a GRUB module) and
 * describing it: which bytes go to which guest-physical address, where it
 * starts, and which Linux version (hence which lguest ABI generation) it
 * is.  Pure logic over a byte buffer, so the unit tests can feed it
 * anything; it never reads outside the buffer it is given.
 */
#ifndef GUEST_ABI_KERNEL_IMAGE_H
#define GUEST_ABI_KERNEL_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "guest-abi/lguest.h"

#define KIMAGE_MAX_SEGMENTS 8
#define KIMAGE_MIN_PROTOCOL 0x0207	/* hardware_subarch dispatch */
#define KIMAGE_REASON_LEN 96

/* Copy file_size bytes from file_offset to gpa; the rest of mem_size is
 * zero (guest memory starts zeroed). */
struct kimage_segment {
	uint32_t file_offset, file_size, mem_size, gpa;
};

struct kimage {
	enum kimage_kind { KIMAGE_BZIMAGE, KIMAGE_ELF } kind;
	uint32_t version;		/* KERNEL_VERSION(a,b,c); 0 if not a version */
	char version_string[64];	/* the text as found, up to the first space */
	const struct lguest_gen *gen;	/* NULL: a version we do not support */
	uint32_t entry;			/* guest-physical entry point */
	int nr_segments;
	struct kimage_segment seg[KIMAGE_MAX_SEGMENTS];
	uint32_t load_end;		/* highest gpa (exclusive) the kernel needs */
	/* bzImage only: */
	uint16_t boot_protocol;		/* setup header version, e.g. 0x020a */
	uint32_t setup_header_len;	/* bytes from 0x1F1 to the header's end */
	bool relocatable;		/* protocol 2.05+ */
	uint32_t init_size;		/* protocol 2.10+, else 0 */
	/* Where kimage_probe() writes a reason that needed formatting. */
	char reason[KIMAGE_REASON_LEN];
};

/* Quick magic test: a bzImage ("HdrS" at 0x202) or an ELF.  Anything else
 * is not a kernel (an initrd, say). */
bool kimage_is_kernel(const uint8_t *data, uint32_t size);

/* Checks the image fully and describes it in *out.  Returns NULL on
 * success, else a human-readable reason (which may point into out).  An
 * unsupported version is not an error here: out->gen is NULL and the
 * caller reports it with out->version_string. */
const char *kimage_probe(const uint8_t *data, uint32_t size, struct kimage *out);

/* "2.6.32.69", "3.10.108-foo", "4.1" -> KERNEL_VERSION(a,b,c) with c
 * clamped to 255; 0 if s (at most maxlen bytes) does not start with a
 * version. */
uint32_t kimage_parse_version(const char *s, size_t maxlen);

#endif
