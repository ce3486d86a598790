// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the hypervisor's command line.  A mistake in it must never stop
 * the machine from booting: a bad option is reported and the default kept.
 */
#include "hv/options.h"
#include "hv/console_names.h"
#include "lib/cmdline.h"
#include "lib/fmt.h"
#include "lib/string.h"

static void error(struct hv_options *o, const char *fmt, const char *a, const char *b)
{
	if (o->nr_errors < OPTIONS_MAX_ERRORS)
		fmt_snprintf(o->errors[o->nr_errors++], OPTIONS_ERROR_LEN, fmt, a, b);
}

/* "com3" -> 2, anything else (the screen too) -> -1 */
static int com_index(const char *s)
{
	int i = console_port_index(s);

	return i < UART_MAX_PORTS ? i : -1;
}

static void parse_console(struct hv_options *o, char *val)
{
	unsigned ports = 0;
	char *item = val;

	while (item && *item) {
		char *comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		int idx = console_port_index(item);
		if (idx < 0)
			error(o, "console=: unknown console '%s' (com1..com4, vga)%s", item, "");
		else
			ports |= 1u << idx;
		item = comma ? comma + 1 : NULL;
	}
	if (ports)
		o->console_ports = ports;
}

/* A whole number from 0 to max, or -1. */
static int parse_small(const char *val, int max)
{
	int n = 0;

	if (!*val)
		return -1;
	for (; *val; val++) {
		if (*val < '0' || *val > '9')
			return -1;
		n = n * 10 + (*val - '0');
		if (n > max)
			return -1;
	}
	return n;
}

void options_parse(const char *cmdline, struct hv_options *o)
{
	char word[256];
	const char *cur = cmdline;
	bool first = true, truncated;

	memset(o, 0, sizeof(*o));
	o->console_ports = 1;
	o->phantom_apic = -1;
	for (int i = 0; i < UART_MAX_PORTS; i++)
		uart_config_default(i, &o->com[i]);

	while (cmdline_next(&cur, word, sizeof(word), &truncated)) {
		char *val = cmdline_split(word);
		bool was_first = first;
		int idx;

		first = false;
		if (truncated) {
			error(o, "option '%s...' is too long; ignored%s", word, "");
			continue;
		}
		if (!val && was_first)
			continue;	/* the image's own path */
		if (!strcmp(word, "console") && val) {
			parse_console(o, val);
		} else if ((idx = com_index(word)) >= 0 && val) {
			const char *why = uart_config_parse(val, &o->com[idx]);
			if (why)
				error(o, "%s=: %s; using the default", word, why);
		} else if (!strcmp(word, "hv.noapic") && !val) {
			o->no_lapic = true;
		} else if (!strcmp(word, "hv.nocpuid") && !val) {
			o->no_cpuid = true;
		} else if (!strcmp(word, "hv.label") && val) {
			if (!strcmp(val, "prefix"))
				o->label_mode = LABEL_PREFIX;
			else if (!strcmp(val, "switch"))
				o->label_mode = LABEL_SWITCH;
			else if (!strcmp(val, "none"))
				o->label_mode = LABEL_NONE;
			else
				error(o, "hv.label=%s: use prefix, switch or none%s", val, "");
		} else if (!strcmp(word, "hv.ata") && val) {
			if (!strcmp(val, "pio") || !strcmp(val, "dma"))
				o->ata_pio = !strcmp(val, "pio");
			else
				error(o, "hv.ata=%s: use dma or pio%s", val, "");
		} else if (!strcmp(word, "uplink") && val) {
			if (!val[0] || strlen(val) >= sizeof(o->uplink))
				error(o, "uplink=%s: a switch name is 1-15 characters%s", val, "");
			else
				fmt_snprintf(o->uplink, sizeof(o->uplink), "%s", val);
		} else if (!strcmp(word, "cpus") && val) {
			int n = parse_small(val, OPTIONS_MAX_CPUS);
			if (n > 0)
				o->max_cpus = (unsigned)n;
			else
				error(o, "cpus=%s: a number of CPUs from 1 to %s; using all of them",
				      val, OPTIONS_MAX_CPUS_TEXT);
		} else if (!strcmp(word, "hv.smp.phantom") && val) {
			int id = parse_small(val, 254);
			if (id >= 0)
				o->phantom_apic = id;
			else
				error(o, "hv.smp.phantom=%s: an APIC id from 0 to 254%s", val, "");
		} else if (!strcmp(word, "hv.selftest") && val) {
			fmt_snprintf(o->selftest, sizeof(o->selftest), "%s", val);
		} else {
			error(o, "unknown option '%s%s' ignored", word, val ? "=..." : "");
		}
	}
}
