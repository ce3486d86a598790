// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest module's command line, as QEMU (path first) and GRUB (no path)
 * pass it: the path rule, the "--" split with the kernel's part kept byte
 * for byte, each option's checks, and that every mistake is an error with
 * a message saying what was wrong.
 * sources: hv/modline.c hv/console_names.c lib/cmdline.c lib/fmt.c
 */
#include "check.h"
#include "hv/modline.h"
#include "hv/console_names.h"

static struct guest_config cfg;
static char err[160];

static const char *parse(const char *line)
{
	return modline_parse(line, &cfg, err, sizeof(err));
}

static void check_defaults(void)
{
	CHECK_EQ(cfg.mem_bytes, 64u << 20);
	CHECK_EQ(cfg.console_port, -1);
	CHECK(!cfg.name_given);
	CHECK_STR(cfg.name, "");
}

static void qemu_form(void)
{
	CHECK(parse("bzImage mem=32M name=web -- console=hvc0 root=/dev/vda") == NULL);
	CHECK_STR(cfg.path, "bzImage");
	CHECK_EQ(cfg.mem_bytes, 32u << 20);
	CHECK_STR(cfg.name, "web");
	CHECK(cfg.name_given);
	CHECK_EQ(cfg.console_port, -1);
	CHECK_STR(cfg.kernel_cmdline, "console=hvc0 root=/dev/vda");

	CHECK(parse("/boot/vmlinux-3.4 -- quiet") == NULL);
	CHECK_STR(cfg.path, "/boot/vmlinux-3.4");
	CHECK_STR(cfg.kernel_cmdline, "quiet");
	check_defaults();
}

static void grub_form(void)
{
	CHECK(parse("mem=128M console=com2 -- console=hvc0") == NULL);
	CHECK_STR(cfg.path, "");
	CHECK_EQ(cfg.mem_bytes, 128u << 20);
	CHECK_EQ(cfg.console_port, 1);
	CHECK_STR(cfg.kernel_cmdline, "console=hvc0");

	CHECK(parse("-- console=hvc0") == NULL);
	CHECK_STR(cfg.path, "");
	CHECK_STR(cfg.kernel_cmdline, "console=hvc0");
	check_defaults();
}

static void no_separator(void)
{
	/* everything after the path is the kernel's, options or not */
	CHECK(parse("bzImage mem=32M console=hvc0") == NULL);
	CHECK_STR(cfg.path, "bzImage");
	CHECK_STR(cfg.kernel_cmdline, "mem=32M console=hvc0");
	check_defaults();

	CHECK(parse("mem=32M console=hvc0  quiet") == NULL);
	CHECK_STR(cfg.path, "");
	CHECK_STR(cfg.kernel_cmdline, "mem=32M console=hvc0  quiet");
	check_defaults();

	CHECK(parse("bzImage") == NULL);
	CHECK_STR(cfg.path, "bzImage");
	CHECK_STR(cfg.kernel_cmdline, "");
}

static void separator_details(void)
{
	/* "--" with nothing after it */
	CHECK(parse("bzImage mem=16M --") == NULL);
	CHECK_EQ(cfg.mem_bytes, 16u << 20);
	CHECK_STR(cfg.kernel_cmdline, "");
	CHECK(parse("bzImage --   ") == NULL);
	CHECK_STR(cfg.kernel_cmdline, "");

	/* verbatim after the blanks that follow "--", a later "--" included */
	CHECK(parse("k name=a --   console=hvc0  \"a b\"  -- single ") == NULL);
	CHECK_STR(cfg.kernel_cmdline, "console=hvc0  \"a b\"  -- single ");
	CHECK(parse("k --\tx\ty") == NULL);
	CHECK_STR(cfg.kernel_cmdline, "x\ty");

	/* "--x" and a quoted "--" are not the separator */
	CHECK(parse("k --x") == NULL);
	CHECK_STR(cfg.kernel_cmdline, "--x");
	CHECK(parse("k \"--\" a") == NULL);
	CHECK_STR(cfg.kernel_cmdline, "\"--\" a");
}

static void empty_line(void)
{
	CHECK(parse("") == NULL);
	CHECK_STR(cfg.path, "");
	CHECK_STR(cfg.kernel_cmdline, "");
	check_defaults();
	CHECK(parse("   \t ") == NULL);
	CHECK_STR(cfg.path, "");
	CHECK(parse(NULL) == NULL);
	check_defaults();
}

static void mem_sizes(void)
{
	static const struct {
		const char *val;
		uint32_t bytes;		/* 0: must be refused */
		const char *says;
	} cases[] = {
		{ "64M", 64u << 20, NULL },
		{ "65536K", 64u << 20, NULL },
		{ "1G", 1u << 30, NULL },
		{ "4M", 4u << 20, NULL },
		{ "4194304", 4u << 20, NULL },
		{ "16m", 16u << 20, NULL },
		{ "3M", 0, "at least 4M" },
		{ "2G", 0, "at most 1G" },
		{ "1025M", 0, "at most 1G" },
		{ "4097", 0, "multiple of 4K" },
		{ "4194305", 0, "multiple of 4K" },
		{ "0", 0, "at least 4M" },
		{ "", 0, "not a size" },
		{ "M", 0, "not a size" },
		{ "64MB", 0, "not a size" },
		{ "-4M", 0, "not a size" },
		{ "99999999999", 0, "not a size" },
		{ "8G", 0, NULL },		/* 33 bits: either message will do */
		{ "0x400000", 0, "not a size" },
	};
	char line[64];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *e;

		snprintf(line, sizeof(line), "k mem=%s -- x", cases[i].val);
		e = parse(line);
		if (cases[i].bytes) {
			CHECK(e == NULL);
			CHECK_EQ(cfg.mem_bytes, cases[i].bytes);
			continue;
		}
		CHECK(e == err);
		if (!e)
			continue;
		CHECK(strstr(e, "mem=") != NULL);
		if (cases[i].says && !strstr(e, cases[i].says))
			printf("  %s: \"%s\" does not say \"%s\"\n", line, e, cases[i].says),
				case_failed = 1;
	}
}

static void names(void)
{
	CHECK(parse("k name=db_1.test-x -- q") == NULL);
	CHECK_STR(cfg.name, "db_1.test-x");
	CHECK(parse("k name=abcdefghijklmno --") == NULL);	/* 15 */
	CHECK_STR(cfg.name, "abcdefghijklmno");

	static const char *const bad[] = {
		"name=", "name=abcdefghijklmnop", "name=a/b", "name=a:b", "name=\"a b\"",
		"name=caf\xc3\xa9",
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[64];

		snprintf(line, sizeof(line), "k %s -- q", bad[i]);
		CHECK(parse(line) != NULL);
		CHECK(strstr(err, "name=") && strstr(err, "1-15"));
		CHECK(!cfg.name_given);
	}
}

static void consoles(void)
{
	CHECK(parse("k console=com2 --") == NULL);
	CHECK_EQ(cfg.console_port, 1);
	CHECK(parse("k console=com1 --") == NULL);
	CHECK_EQ(cfg.console_port, 0);
	CHECK(parse("k console=com4 --") == NULL);
	CHECK_EQ(cfg.console_port, 3);
	CHECK(parse("k console=com5 --") != NULL);
	CHECK(strstr(err, "console=com5") != NULL);
	CHECK(parse("k console=hvc0 --") != NULL);
	CHECK(parse("k console= --") != NULL);
	CHECK(parse("k console=COM1 --") != NULL);
	CHECK(parse("k console=com1x --") != NULL);
	CHECK(parse("k console=vga --") == NULL);
	CHECK_EQ(cfg.console_port, CONSOLE_VGA);
	CHECK(parse("k console=vga0 --") != NULL);
}

static void on_crash(void)
{
	CHECK(parse("k --") == NULL);
	CHECK(!cfg.restart_on_crash);
	CHECK(parse("k on_crash=restart -- q") == NULL);
	CHECK(cfg.restart_on_crash);
	CHECK(parse("k on_crash=stop -- q") == NULL);
	CHECK(!cfg.restart_on_crash);
	CHECK(parse("k on_crash=reboot -- q") != NULL);
	CHECK(strstr(err, "on_crash=reboot") && strstr(err, "restart or stop"));
	CHECK(parse("k on_crash= -- q") != NULL);
}

static void unknown_options(void)
{
	CHECK(parse("k frob=1 -- q") != NULL);
	CHECK(strstr(err, "unknown option 'frob=1'") != NULL);
	CHECK(parse("k mem=32M quiet -- q") != NULL);	/* a bare word after the path */
	CHECK(strstr(err, "'quiet'") != NULL);
	CHECK(parse("k mem -- q") != NULL);
	CHECK(strstr(err, "'mem'") != NULL);
	CHECK(parse("mem=32M Mem=32M -- q") != NULL);

	/* an absurdly long option word is refused, not cut and accepted */
	char line[400] = "k name=";
	memset(line + 7, 'a', 300);
	strcpy(line + 307, " -- q");
	CHECK(parse(line) != NULL);
	CHECK(strstr(err, "too long") != NULL);
}

static void long_lines(void)
{
	static char line[GUEST_CMDLINE_MAX + 64];
	size_t n;

	/* exactly GUEST_CMDLINE_MAX - 1 bytes fit */
	strcpy(line, "k -- ");
	n = strlen(line);
	memset(line + n, 'x', GUEST_CMDLINE_MAX - 1);
	line[n + GUEST_CMDLINE_MAX - 1] = '\0';
	CHECK(parse(line) == NULL);
	CHECK_EQ(strlen(cfg.kernel_cmdline), GUEST_CMDLINE_MAX - 1);

	line[n + GUEST_CMDLINE_MAX - 1] = 'y';
	line[n + GUEST_CMDLINE_MAX] = '\0';
	CHECK(parse(line) != NULL);
	CHECK(strstr(err, "kernel command line") && strstr(err, "2047"));

	/* the same without "--" */
	line[2] = line[3] = ' ';
	CHECK(parse(line) != NULL);
	CHECK(strstr(err, "kernel command line") != NULL);

	/* a path too long for path[] */
	memset(line, 'p', 200);
	strcpy(line + 200, " -- q");
	CHECK(parse(line) != NULL);
	CHECK(strstr(err, "path") != NULL);
	memset(line, 'p', 127);
	strcpy(line + 127, " -- q");
	CHECK(parse(line) == NULL);
	CHECK_EQ(strlen(cfg.path), 127);
	memset(line, 'p', 128);
	strcpy(line + 128, " -- q");
	CHECK(parse(line) != NULL);
}

/* A failed parse leaves nothing from a previous good one behind. */
static void defaults_first(void)
{
	CHECK(parse("k mem=8M name=x console=com3 -- a") == NULL);
	CHECK(parse("k -- b") == NULL);
	check_defaults();
	CHECK_STR(cfg.kernel_cmdline, "b");
	char small[8];
	CHECK(modline_parse("k frob=1 -- q", &cfg, small, sizeof(small)) == small);
	CHECK_EQ(strlen(small), 7);
}

static void real_disks(void)
{
	CHECK(parse("bzImage disk=hd0 disk=hd1p5:ro disk=hd3p63 -- root=/dev/vda") == NULL);
	CHECK_EQ(cfg.nr_disks, 3);
	CHECK_STR(cfg.disks[0].name, "hd0");
	CHECK(!cfg.disks[0].ro);
	CHECK_EQ(cfg.disks[0].module, -1);
	CHECK_STR(cfg.disks[1].name, "hd1p5");
	CHECK(cfg.disks[1].ro);
	CHECK_STR(cfg.disks[2].name, "hd3p63");
	CHECK_STR(cfg.kernel_cmdline, "root=/dev/vda");

	const char *bad[] = { "disk=hd4", "disk=hd0p0", "disk=hd0p64", "disk=hd0p", "disk=sda",
			      "disk=hd0:rw", "disk=hd0p1:ro:ro", "disk=hd01", "disk=" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "%s --", bad[i]);
		const char *why = parse(line);
		CHECK(why && strstr(why, "not a disk"));
	}
	const char *why = parse("disk=rw -- x");
	CHECK(why && strstr(why, "belongs on a disk image module's line"));
	why = parse("disk=hd0 disk=hd0 disk=hd0 disk=hd0 disk=hd0 disk=hd0 disk=hd1 --");
	CHECK(why && strstr(why, "at most 6 disks"));
}

static void disk_modules(void)
{
	bool disk, ro;
	char path[GUEST_PATH_MAX], err[160];

	CHECK(modline_disk("root.ext2 disk=rw", &disk, &ro, path, sizeof(path), err,
			   sizeof(err)) == NULL);
	CHECK(disk && !ro);
	CHECK_STR(path, "root.ext2");
	CHECK(modline_disk("disk=ro", &disk, &ro, path, sizeof(path), err, sizeof(err)) == NULL);
	CHECK(disk && ro);
	CHECK_STR(path, "");
	/* No disk= at all: an initrd. */
	CHECK(modline_disk("/boot/initramfs.gz", &disk, &ro, path, sizeof(path), err,
			   sizeof(err)) == NULL);
	CHECK(!disk);
	CHECK(modline_disk("", &disk, &ro, path, sizeof(path), err, sizeof(err)) == NULL);
	CHECK(!disk);
	const char *why = modline_disk("img disk=wr", &disk, &ro, path, sizeof(path), err,
				       sizeof(err));
	CHECK(disk && why && strstr(why, "disk=rw or disk=ro"));
	why = modline_disk("img disk=rw mem=4M", &disk, &ro, path, sizeof(path), err,
			   sizeof(err));
	CHECK(why && strstr(why, "unknown option"));
}

static void nics_and_rng(void)
{
	CHECK(parse("k net=lan mac=02:AB:cd:00:00:01 net=dmz rng=off -- x") == NULL);
	CHECK_EQ(cfg.nr_nics, 2);
	CHECK_STR(cfg.nics[0].net, "lan");
	CHECK(cfg.nics[0].mac_given);
	CHECK_EQ(cfg.nics[0].mac[1], 0xAB);
	CHECK_EQ(cfg.nics[0].mac[2], 0xCD);
	CHECK_EQ(cfg.nics[0].mac[5], 1);
	CHECK_STR(cfg.nics[1].net, "dmz");
	CHECK(!cfg.nics[1].mac_given);
	CHECK(!cfg.rng);
	CHECK(parse("-- x") == NULL);
	CHECK(cfg.rng);
	CHECK_EQ(cfg.nr_nics, 0);

	const char *why = parse("mac=02:00:00:00:00:01 net=a --");
	CHECK(why && strstr(why, "there is none"));
	why = parse("net=a mac=03:00:00:00:00:01 --");
	CHECK(why && strstr(why, "multicast"));
	why = parse("net=a mac=02:00:00:00:00 --");
	CHECK(why && strstr(why, "not a MAC"));
	why = parse("net=a mac=02:00:00:00:00:0g --");
	CHECK(why && strstr(why, "not a MAC"));
	why = parse("net=a mac=02:00:00:00:00:011 --");
	CHECK(why && strstr(why, "not a MAC"));
	why = parse("net=a/b --");
	CHECK(why && strstr(why, "switch name"));
	why = parse("net=a net=a net=a net=a net=a --");
	CHECK(why && strstr(why, "at most 4"));
	why = parse("rng=maybe --");
	CHECK(why && strstr(why, "on or off"));
}

int main(void)
{
	RUN(qemu_form);
	RUN(grub_form);
	RUN(no_separator);
	RUN(separator_details);
	RUN(empty_line);
	RUN(mem_sizes);
	RUN(names);
	RUN(consoles);
	RUN(on_crash);
	RUN(unknown_options);
	RUN(long_lines);
	RUN(defaults_first);
	RUN(real_disks);
	RUN(disk_modules);
	RUN(nics_and_rng);
	return 0;
}
