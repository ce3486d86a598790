// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multiboot 1 and 2 information into struct boot_info.  A loader (or a
 * corrupted block) can hand us anything, so every pointer is checked
 * against the view before it is followed and every count is bounded.
 */
#include <multiboot/multiboot.h>
#include "boot/boot_info.h"
#include "lib/string.h"

/* Multiboot 2: Debian ships no header for it, so the few facts we need. */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_INFO_MAX (1u << 20)	/* more than any real loader writes */

static const void *phys(const struct phys_view *v, uint64_t addr, uint64_t len)
{
	if (addr > v->limit || len > v->limit - addr)
		return NULL;
	return (const void *)(v->offset + (uintptr_t)addr);
}

/* Copies a loader structure out: the loader decides where it is, and it
 * need not be aligned for its type.  False if it is not readable. */
static bool read_obj(const struct phys_view *v, uint64_t addr, void *dst, uint64_t len)
{
	const void *p = phys(v, addr, len);

	if (!p)
		return false;
	memcpy(dst, p, (size_t)len);
	return true;
}

/* Copies a NUL-terminated string at physical addr; false if unreadable.
 * A string longer than the room is cut and *truncated set. */
static bool copy_string(const struct phys_view *v, uint64_t addr, uint64_t max_len,
			char *dst, size_t room, bool *truncated)
{
	size_t n = 0;

	for (;;) {
		const char *c = phys(v, addr + n, 1);
		if (!c || n >= max_len)
			break;
		if (*c == '\0')
			break;
		if (n + 1 < room)
			dst[n] = *c;
		n++;
	}
	if (!phys(v, addr, 1))
		return false;
	dst[n + 1 < room ? n : room - 1] = '\0';
	if (truncated)
		*truncated = n + 1 > room;
	return true;
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (len == 0)
		return;
	if (bi->nr_mmap == BOOT_MAX_MMAP) {
		bi->error = "memory map has too many entries";
		return;
	}
	bi->mmap[bi->nr_mmap++] = (struct boot_mem_region){ base, len, type };
}

static void add_loader_range(struct boot_info *bi, uint64_t start, uint64_t len)
{
	if (bi->nr_loader_ranges < BOOT_MAX_LOADER_RANGES)
		bi->loader_ranges[bi->nr_loader_ranges++] =
			(struct phys_range){ start, start + len };
}

static struct boot_module *add_module(struct boot_info *bi, uint32_t start, uint32_t end)
{
	struct boot_module *m;

	if (end < start) {
		bi->error = "a module ends before it starts";
		return NULL;
	}
	if (bi->nr_modules == BOOT_MAX_MODULES) {
		/* Left out; the first one is kept aside so that it can be named. */
		if (bi->nr_dropped_modules++)
			return NULL;
		m = &bi->first_dropped;
	} else {
		m = &bi->modules[bi->nr_modules++];
	}
	m->start = start;
	m->end = end;
	m->cmdline[0] = '\0';
	return m;
}

/* Without a full map, Multiboot still tells us the conventional memory
 * below 640 KiB and the contiguous memory from 1 MiB up. */
static void basic_map(struct boot_info *bi, uint32_t lower_kb, uint32_t upper_kb)
{
	bi->mmap_from_basic = true;
	add_region(bi, 0, (uint64_t)lower_kb * 1024, MEM_AVAILABLE);
	add_region(bi, 0x100000, (uint64_t)upper_kb * 1024, MEM_AVAILABLE);
}

static void parse_mb1(struct boot_info *bi, uint32_t info, const struct phys_view *v)
{
	multiboot_info_t info_copy, *mbi = &info_copy;

	if (!read_obj(v, info, mbi, sizeof(*mbi))) {
		bi->error = "Multiboot information block is not readable";
		return;
	}
	add_loader_range(bi, info, sizeof(*mbi));
	if ((mbi->flags & MULTIBOOT_INFO_CMDLINE) &&
	    !copy_string(v, mbi->cmdline, BOOT_CMDLINE_MAX * 4, bi->cmdline,
			 sizeof(bi->cmdline), &bi->cmdline_truncated))
		bi->error = "command line is not readable";
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		copy_string(v, mbi->boot_loader_name, 256, bi->loader, sizeof(bi->loader), NULL);

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		uint64_t p = mbi->mmap_addr, end = (uint64_t)mbi->mmap_addr + mbi->mmap_length;
		add_loader_range(bi, mbi->mmap_addr, mbi->mmap_length);
		while (p + sizeof(multiboot_memory_map_t) <= end) {
			multiboot_memory_map_t entry, *e = &entry;
			if (!read_obj(v, p, e, sizeof(*e))) {
				bi->error = "memory map is not readable";
				break;
			}
			/* `size` counts the entry without itself; anything
			 * shorter than a whole entry would loop or misread. */
			if (e->size < sizeof(*e) - 4) {
				bi->error = "memory map entry has a bad size";
				break;
			}
			add_region(bi, e->addr, e->len, e->type);
			p += (uint64_t)e->size + 4;
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		basic_map(bi, mbi->mem_lower, mbi->mem_upper);
	} else {
		bi->error = "boot loader gave no memory information";
	}

	if (mbi->flags & MULTIBOOT_INFO_MODS) {
		uint32_t count = mbi->mods_count;
		multiboot_module_t mod;
		if (!phys(v, mbi->mods_addr, (uint64_t)count * sizeof(mod))) {
			bi->error = "module list is not readable";
			return;
		}
		add_loader_range(bi, mbi->mods_addr, (uint64_t)count * sizeof(mod));
		for (uint32_t i = 0; i < count; i++) {
			read_obj(v, (uint64_t)mbi->mods_addr + i * sizeof(mod), &mod, sizeof(mod));
			struct boot_module *m = add_module(bi, mod.mod_start, mod.mod_end);
			if (m && mod.cmdline)
				copy_string(v, mod.cmdline, BOOT_MODLINE_MAX * 4, m->cmdline,
					    sizeof(m->cmdline), &m->cmdline_truncated);
		}
	}
}

static void parse_mb2(struct boot_info *bi, uint32_t info, const struct phys_view *v)
{
	uint32_t hdr[2], total, off;
	bool have_map = false, have_basic = false;
	uint32_t lower = 0, upper = 0;

	if (!read_obj(v, info, hdr, sizeof(hdr))) {
		bi->error = "Multiboot 2 information block is not readable";
		return;
	}
	total = hdr[0];
	if (total < 16 || total > MB2_INFO_MAX || !phys(v, info, total)) {
		bi->error = "Multiboot 2 information block has a bad size";
		return;
	}
	add_loader_range(bi, info, total);

	for (off = 8; off + 8 <= total; off = (off + 7) & ~7u) {
		uint32_t tag[2];
		read_obj(v, (uint64_t)info + off, tag, sizeof(tag));	/* inside total */
		uint32_t type = tag[0], size = tag[1];
		uint64_t body = (uint64_t)info + off + 8;

		if (type == MB2_TAG_END)
			break;
		if (size < 8 || size > total - off) {
			bi->error = "Multiboot 2 tag has a bad size";
			break;
		}
		switch (type) {
		case MB2_TAG_CMDLINE:
			copy_string(v, body, size - 8, bi->cmdline, sizeof(bi->cmdline),
				    &bi->cmdline_truncated);
			break;
		case MB2_TAG_LOADER_NAME:
			copy_string(v, body, size - 8, bi->loader, sizeof(bi->loader), NULL);
			break;
		case MB2_TAG_MODULE: {
			uint32_t mod[2];
			struct boot_module *m;
			if (size < 16)
				break;
			read_obj(v, body, mod, sizeof(mod));
			m = add_module(bi, mod[0], mod[1]);
			if (m)
				copy_string(v, body + 8, size - 16, m->cmdline,
					    sizeof(m->cmdline), &m->cmdline_truncated);
			break;
		}
		case MB2_TAG_BASIC_MEMINFO:
			if (size >= 16) {
				uint32_t mi[2];
				read_obj(v, body, mi, sizeof(mi));
				lower = mi[0];
				upper = mi[1];
				have_basic = true;
			}
			break;
		case MB2_TAG_MMAP: {
			uint32_t mh[2];
			read_obj(v, body, mh, sizeof(mh));
			uint32_t esize = mh[0];
			if (esize < 24 || size < 16) {
				bi->error = "Multiboot 2 memory map has a bad entry size";
				break;
			}
			have_map = true;
			for (uint32_t e = 16; e + esize <= size; e += esize) {
				uint8_t ent[24];
				uint64_t base, len;
				uint32_t etype;
				read_obj(v, (uint64_t)info + off + e, ent, sizeof(ent));
				memcpy(&base, ent, 8);
				memcpy(&len, ent + 8, 8);
				memcpy(&etype, ent + 16, 4);
				add_region(bi, base, len, etype);
			}
			break;
		}
		default:
			break;	/* framebuffer, ELF sections, ACPI...: not needed */
		}
		off += size;
	}
	if (!have_map && have_basic)
		basic_map(bi, lower, upper);
	else if (!have_map && !bi->error)
		bi->error = "boot loader gave no memory information";
}

void boot_info_parse(struct boot_info *bi, uint32_t magic, uint32_t info,
		     const struct phys_view *view)
{
	memset(bi, 0, sizeof(*bi));
	if (magic == MB1_LOADER_MAGIC) {
		bi->protocol = 1;
		parse_mb1(bi, info, view);
	} else if (magic == MB2_LOADER_MAGIC) {
		bi->protocol = 2;
		parse_mb2(bi, info, view);
	} else {
		bi->error = "not started by a Multiboot loader (bad magic in eax)";
	}
}
