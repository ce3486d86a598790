/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest kernel module's command line:
 *
 *   [<path>] [hypervisor options] [-- <kernel command line>]
 *
 * QEMU's -initrd passes the file path as the first word; GRUB passes only
 * the words after the path, so the first word is taken as a path only
 * when it has no '=' and is not "--".  Options (before "--"):
 *   mem=<N>[K|M|G]   guest RAM, 4M..1G, a multiple of 4K (default 64M)
 *   name=<word>      1-15 characters of A-Z a-z 0-9 _ . -
 *   console=comN     give the guest its own serial port (default: the
 *                    shared console)
 *   on_crash=restart|stop
 *                    what to do when the guest is killed: start it again
 *                    from its modules (its kernel command line then ends
 *                    with " lghv.restarts=N", N lives so far), or leave it
 *                    stopped (the default)
 * Everything after "-- " is the kernel's command line, byte for byte.
 * Without "--" the whole rest is the kernel's and no options are read.
 */
#ifndef HV_MODLINE_H
#define HV_MODLINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "guest-abi/lguest.h"

#define GUEST_NAME_MAX 16			/* including the NUL */
#define GUEST_PATH_MAX 128			/* including the NUL */
#define GUEST_DEFAULT_MEM (64u << 20)
#define GUEST_MIN_MEM (4u << 20)
#define GUEST_MAX_MEM (1u << 30)

struct guest_config {
	char path[GUEST_PATH_MAX];	/* "" if none given */
	char name[GUEST_NAME_MAX];
	bool name_given;
	uint32_t mem_bytes;
	int console_port;		/* -1: the shared console; 0..3: COM1..COM4 */
	bool restart_on_crash;		/* on_crash=restart */
	char kernel_cmdline[GUEST_CMDLINE_MAX];
};

/* Fills cfg (the defaults first, then the line).  Returns NULL, or the
 * reason the line is wrong, written into err (and returned). */
const char *modline_parse(const char *line, struct guest_config *cfg, char *err,
			  size_t errlen);

#endif
