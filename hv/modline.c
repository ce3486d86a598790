// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a guest module's command line (the format is in hv/modline.h).
 * Unlike the hypervisor's own line, a mistake here is an error: a guest
 * started with a memory size or serial port nobody asked for is worse
 * than a guest not started with a clear message saying why.
 */
#include "hv/modline.h"
#include "hv/console_names.h"
#include "lib/cmdline.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define WORD_MAX 160	/* far longer than any valid option */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Copies s into dst (size bytes); false if it had to cut. */
static bool copy_str(char *dst, size_t size, const char *s)
{
	size_t n = strnlen(s, size);

	if (n == size) {
		memcpy(dst, s, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, s, n + 1);
	return true;
}

/* The next word and where it began in the line; the raw bytes matter for
 * "--", which must be exactly that (a quoted "--" is an ordinary word). */
static bool next_word(const char **cur, char *word, const char **start, bool *cut)
{
	*start = skip_blanks(*cur);
	return cmdline_next(cur, word, WORD_MAX, cut);
}

static bool is_separator(const char *start, const char *end)
{
	return end - start == 2 && start[0] == '-' && start[1] == '-';
}

/* "64M", "65536K", "1G", "8388608" -> bytes; false if not a number with
 * an optional unit, or if it exceeds 32 bits. */
static bool parse_size(const char *s, uint64_t *bytes)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > 0xFFFFFFFFull)
			return false;
	}
	if (p == s)
		return false;
	switch (*p) {
	case 'K': case 'k': v <<= 10; p++; break;
	case 'M': case 'm': v <<= 20; p++; break;
	case 'G': case 'g': v <<= 30; p++; break;
	}
	if (*p || v > 0xFFFFFFFFull)
		return false;
	*bytes = v;
	return true;
}

static const char *opt_mem(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	uint64_t b;

	if (!parse_size(val, &b))
		fmt_snprintf(err, errlen, "mem=%s: not a size (use e.g. 64M, 65536K or 1G)", val);
	else if (b & 0xFFF)
		fmt_snprintf(err, errlen, "mem=%s: not a multiple of 4K", val);
	else if (b < GUEST_MIN_MEM)
		fmt_snprintf(err, errlen, "mem=%s: too small, a guest needs at least 4M", val);
	else if (b > GUEST_MAX_MEM)
		fmt_snprintf(err, errlen, "mem=%s: too large, at most 1G", val);
	else {
		cfg->mem_bytes = (uint32_t)b;
		return NULL;
	}
	return err;
}

static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* The length of val if it is 1 to max-1 name characters, else 0. */
static size_t name_len(const char *val, size_t max)
{
	size_t n = 0;

	while (val[n] && name_char(val[n]))
		n++;
	return val[n] || n >= max ? 0 : n;
}

static const char *opt_name(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	size_t n = name_len(val, GUEST_NAME_MAX);

	if (!n) {
		fmt_snprintf(err, errlen, "name=%s: must be 1-%d characters of A-Z a-z 0-9 _ . -",
			     val, GUEST_NAME_MAX - 1);
		return err;
	}
	memcpy(cfg->name, val, n + 1);
	cfg->name_given = true;
	return NULL;
}

static const char *opt_console(const char *val, struct guest_config *cfg, char *err,
			       size_t errlen)
{
	int port = console_port_index(val);

	if (port >= 0) {
		cfg->console_port = port;
		return NULL;
	}
	fmt_snprintf(err, errlen, "console=%s: must be com1, com2, com3, com4 or vga", val);
	return err;
}

static const char *opt_on_crash(const char *val, struct guest_config *cfg, char *err,
				size_t errlen)
{
	if (!strcmp(val, "restart") || !strcmp(val, "stop")) {
		cfg->restart_on_crash = val[0] == 'r';
		return NULL;
	}
	fmt_snprintf(err, errlen, "on_crash=%s: must be restart or stop", val);
	return err;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* cpu=N: a CPU number; whether that CPU is online is the loader's to say. */
static const char *opt_cpu(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	if (is_digit(val[0]) && (!val[1] || (is_digit(val[1]) && !val[2]))) {
		int n = val[1] ? (val[0] - '0') * 10 + (val[1] - '0') : val[0] - '0';
		if (n < MODLINE_MAX_CPUS) {
			cfg->cpu = n;
			return NULL;
		}
	}
	fmt_snprintf(err, errlen, "cpu=%s: must be a CPU number, 0 to %d", val,
		     MODLINE_MAX_CPUS - 1);
	return err;
}

/* hdN, hdNpM (M 1..63), with an optional :ro. */
static const char *opt_disk(const char *val, struct guest_config *cfg, char *err,
			    size_t errlen)
{
	const char *p = val + 3;
	size_t n;

	if (!strcmp(val, "rw") || !strcmp(val, "ro")) {
		fmt_snprintf(err, errlen, "disk=%s belongs on a disk image module's line; a "
			     "kernel's line takes disk=hdN or disk=hdNpM[:ro]", val);
		return err;
	}
	if (strncmp(val, "hd", 2) || val[2] < '0' || val[2] > '3')
		goto bad;
	if (*p == 'p') {
		unsigned part = 0;
		if (!is_digit(p[1]) || p[1] == '0')
			goto bad;
		for (p++; is_digit(*p) && part < 100; p++)
			part = part * 10 + (unsigned)(*p - '0');
		if (part > 63)
			goto bad;
	}
	n = (size_t)(p - val);
	if (*p && strcmp(p, ":ro"))
		goto bad;
	if (cfg->nr_disks == CONFIG_MAX_DISKS) {
		fmt_snprintf(err, errlen, "disk=%s: at most %d disks a guest", val,
			     CONFIG_MAX_DISKS);
		return err;
	}
	struct disk_config *d = &cfg->disks[cfg->nr_disks++];
	memcpy(d->name, val, n);
	d->name[n] = '\0';
	d->module = -1;
	d->ro = *p != '\0';
	return NULL;
bad:
	fmt_snprintf(err, errlen, "disk=%s: not a disk (use hd0-hd3 for a whole disk, hdNpM for "
		     "partition M, with :ro for read-only)", val);
	return err;
}

static const char *opt_net(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	size_t n = name_len(val, SWITCH_NAME_MAX);

	if (!n) {
		fmt_snprintf(err, errlen, "net=%s: a switch name is 1-%d characters of A-Z a-z "
			     "0-9 _ . -", val, SWITCH_NAME_MAX - 1);
		return err;
	}
	if (cfg->nr_nics == CONFIG_MAX_NICS) {
		fmt_snprintf(err, errlen, "net=%s: at most %d network cards a guest", val,
			     CONFIG_MAX_NICS);
		return err;
	}
	memcpy(cfg->nics[cfg->nr_nics++].net, val, n + 1);
	return NULL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six hex pairs with ':' between; a unicast address (multicast bit clear). */
static const char *opt_mac(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	uint8_t mac[6];

	if (!cfg->nr_nics) {
		fmt_snprintf(err, errlen, "mac=%s: names the MAC of the net= before it; there is "
			     "none", val);
		return err;
	}
	if (strlen(val) != 17)
		goto bad;
	for (int i = 0; i < 6; i++) {
		const char *p = val + 3 * i;
		int hi = hex_digit(p[0]), lo = hi < 0 ? -1 : hex_digit(p[1]);
		if (lo < 0 || p[2] != (i == 5 ? '\0' : ':'))
			goto bad;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if (mac[0] & 1) {
		fmt_snprintf(err, errlen, "mac=%s: a multicast address cannot be a card's", val);
		return err;
	}
	struct nic_config *nc = &cfg->nics[cfg->nr_nics - 1];
	memcpy(nc->mac, mac, 6);
	nc->mac_given = true;
	return NULL;
bad:
	fmt_snprintf(err, errlen, "mac=%s: not a MAC address (use e.g. mac=02:00:00:00:00:01)",
		     val);
	return err;
}

static const char *opt_rng(const char *val, struct guest_config *cfg, char *err, size_t errlen)
{
	if (!strcmp(val, "on") || !strcmp(val, "off")) {
		cfg->rng = val[1] == 'n';
		return NULL;
	}
	fmt_snprintf(err, errlen, "rng=%s: must be on or off", val);
	return err;
}

/* One hypervisor option word. */
static const char *option(char *word, bool cut, struct guest_config *cfg, char *err,
			  size_t errlen)
{
	char *val;

	if (cut) {
		fmt_snprintf(err, errlen, "option '%.40s...' is too long", word);
		return err;
	}
	val = cmdline_split(word);
	if (val && !strcmp(word, "mem"))
		return opt_mem(val, cfg, err, errlen);
	if (val && !strcmp(word, "name"))
		return opt_name(val, cfg, err, errlen);
	if (val && !strcmp(word, "console"))
		return opt_console(val, cfg, err, errlen);
	if (val && !strcmp(word, "on_crash"))
		return opt_on_crash(val, cfg, err, errlen);
	if (val && !strcmp(word, "disk"))
		return opt_disk(val, cfg, err, errlen);
	if (val && !strcmp(word, "net"))
		return opt_net(val, cfg, err, errlen);
	if (val && !strcmp(word, "mac"))
		return opt_mac(val, cfg, err, errlen);
	if (val && !strcmp(word, "rng"))
		return opt_rng(val, cfg, err, errlen);
	if (val && !strcmp(word, "cpu"))
		return opt_cpu(val, cfg, err, errlen);
	fmt_snprintf(err, errlen, "unknown option '%s%s%s' (the kernel's options go after '--')",
		     word, val ? "=" : "", val ? val : "");
	return err;
}

/* The first word, when it is a path; returns where the rest begins. */
static const char *take_path(const char *line, struct guest_config *cfg, char *err,
			     size_t errlen, const char **fail)
{
	char word[GUEST_PATH_MAX + 1];
	const char *cur = line, *start = skip_blanks(line);
	bool cut;

	*fail = NULL;
	if (!cmdline_next(&cur, word, sizeof(word), &cut) || is_separator(start, cur) ||
	    strchr(word, '='))
		return line;
	if (cut || !copy_str(cfg->path, sizeof(cfg->path), word)) {
		fmt_snprintf(err, errlen, "path is longer than %d characters", GUEST_PATH_MAX - 1);
		*fail = err;
	}
	return cur;
}

/* Where the "--" word begins (NULL if none); *after is just past it. */
static const char *find_separator(const char *p, const char **after)
{
	char word[WORD_MAX];
	const char *start;
	bool cut;

	while (next_word(&p, word, &start, &cut))
		if (is_separator(start, p)) {
			*after = p;
			return start;
		}
	return NULL;
}

static const char *take_cmdline(const char *text, struct guest_config *cfg, char *err,
				size_t errlen)
{
	size_t n = strlen(text);

	if (n > GUEST_CMDLINE_MAX - 1) {
		fmt_snprintf(err, errlen, "kernel command line is %zu bytes, at most %d fit",
			     n, GUEST_CMDLINE_MAX - 1);
		return err;
	}
	memcpy(cfg->kernel_cmdline, text, n + 1);
	return NULL;
}

static void defaults(struct guest_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_bytes = GUEST_DEFAULT_MEM;
	cfg->console_port = -1;
	cfg->cpu = -1;
	cfg->rng = true;
}

const char *modline_parse(const char *line, struct guest_config *cfg, char *err, size_t errlen)
{
	const char *rest, *sep, *after = NULL, *fail;
	char word[WORD_MAX];
	const char *start;
	bool cut;

	defaults(cfg);
	if (!err || !errlen)
		return "modline_parse: no room for the error message";
	err[0] = '\0';
	if (!line)
		return NULL;
	rest = take_path(line, cfg, err, errlen, &fail);
	if (fail)
		return fail;
	sep = find_separator(rest, &after);
	if (!sep)	/* all the kernel's: defaults apply */
		return take_cmdline(skip_blanks(rest), cfg, err, errlen);

	/* The options lie between the path and "--"; the kernel's line is
	 * what follows "--" and its blanks, untouched. */
	while (next_word(&rest, word, &start, &cut) && start < sep) {
		fail = option(word, cut, cfg, err, errlen);
		if (fail)
			return fail;
	}
	while (*after == ' ' || *after == '\t')
		after++;
	return take_cmdline(after, cfg, err, errlen);
}

const char *modline_disk(const char *line, bool *is_disk, bool *ro, char *path, size_t path_len,
			 char *err, size_t errlen)
{
	struct guest_config scratch;	/* for the path only */
	char word[WORD_MAX];
	const char *rest, *start, *fail;
	bool cut, disk = false;

	*is_disk = *ro = false;
	err[0] = '\0';
	if (!line)
		return NULL;
	defaults(&scratch);
	rest = take_path(line, &scratch, err, errlen, &fail);
	if (fail)
		rest = line;	/* a long path: the words decide all the same */
	for (const char *p = rest; next_word(&p, word, &start, &cut);) {
		disk |= !strncmp(word, "disk=", 5);
	}
	if (!disk)
		return NULL;	/* not a disk: an initrd */
	*is_disk = true;
	for (const char *p = rest; next_word(&p, word, &start, &cut);) {
		char *val = cmdline_split(word);
		if (cut || !val || strcmp(word, "disk")) {
			fmt_snprintf(err, errlen, "disk image: unknown option '%.40s' (a disk "
				     "module's line is [path] disk=rw|ro)", word);
			return err;
		}
		if (strcmp(val, "rw") && strcmp(val, "ro")) {
			fmt_snprintf(err, errlen, "disk=%.20s: a disk image is disk=rw or disk=ro",
				     val);
			return err;
		}
		*ro = val[1] == 'o';
	}
	copy_str(path, path_len, scratch.path);
	return NULL;
}
