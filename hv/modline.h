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
 *   console=comN|vga give the guest a serial port or the screen and
 *                    keyboard of its own (default: the shared console)
 *   on_crash=restart|stop
 *                    what to do when the guest is killed: start it again
 *                    from its modules (its kernel command line then ends
 *                    with " lghv.restarts=N", N lives so far), or leave it
 *                    stopped (the default)
 *   disk=hdN[pM][:ro]
 *                    give the guest one of the machine's ATA disks (hd0
 *                    primary master .. hd3 secondary slave), whole or its
 *                    MBR partition M (1-4 primary, 5.. logical),
 *                    writable unless :ro; up to 6 disks, in order
 *   net=NAME         a network card on the virtual switch NAME (1-15
 *                    characters of A-Z a-z 0-9 _ . -); up to 4, eth0 on
 *   mac=XX:XX:XX:XX:XX:XX
 *                    the MAC of the card named just before (default: a
 *                    locally administered one derived from the guest's
 *                    name and the card's number)
 *   rng=on|off       the entropy device (default on)
 *   cpu=N            run it on CPU N (0 is the boot CPU; default: the
 *                    CPUs in turn, one guest after another)
 * Everything after "-- " is the kernel's command line, byte for byte.
 * Without "--" the whole rest is the kernel's and no options are read.
 *
 * A disk image module's line (a module after its guest's kernel):
 *
 *   [<path>] disk=rw|ro
 *
 * rw: the guest's writes change the module's copy in RAM.
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
#define CONFIG_MAX_DISKS 6
#define DISK_NAME_MAX 24		/* "hd3p63", "root.ext2", and the NUL */

/* One disk of a guest: a real one by name, or a disk image module. */
struct disk_config {
	char name[DISK_NAME_MAX];	/* "hd0", "hd1p5"; a module's file name */
	int module;			/* a module's boot index, else -1 */
	bool ro;
};

#define CONFIG_MAX_NICS 4
#define MODLINE_MAX_CPUS 8		/* as switcher/layout.h SW_MAX_CPUS */
#define SWITCH_NAME_MAX 16

/* One network card of a guest. */
struct nic_config {
	char net[SWITCH_NAME_MAX];	/* the switch */
	uint8_t mac[6];
	bool mac_given;
};

struct guest_config {
	char path[GUEST_PATH_MAX];	/* "" if none given */
	char name[GUEST_NAME_MAX];
	bool name_given;
	uint32_t mem_bytes;
	int console_port;		/* -1: the shared console; else hv/console_names.h */
	bool restart_on_crash;		/* on_crash=restart */
	int cpu;			/* cpu=N; -1: placed in turn */
	struct disk_config disks[CONFIG_MAX_DISKS];	/* vda, vdb, ... */
	int nr_disks;
	struct nic_config nics[CONFIG_MAX_NICS];	/* eth0, eth1, ... */
	int nr_nics;
	bool rng;			/* rng=on (the default) */
	char kernel_cmdline[GUEST_CMDLINE_MAX];
};

/* Fills cfg (the defaults first, then the line).  Returns NULL, or the
 * reason the line is wrong, written into err (and returned). */
const char *modline_parse(const char *line, struct guest_config *cfg, char *err,
			  size_t errlen);

/* A module line after a kernel: is it a disk image (its line names
 * disk=), and if so, read-only or not, and its path ("" if none)?
 * NULL, or why the line is wrong. */
const char *modline_disk(const char *line, bool *is_disk, bool *ro, char *path, size_t path_len,
			 char *err, size_t errlen);

#endif
