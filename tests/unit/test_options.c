// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's command line: word splitting, the Xen-style serial
 * options, and that every mistake is reported while the defaults stay.
 * sources: hv/options.c hv/console_names.c lib/cmdline.c lib/fmt.c drivers/uart_config.c
 */
#include "check.h"
#include "hv/options.h"
#include "hv/console_names.h"
#include "lib/cmdline.h"

static void words(void)
{
	const char *cur = "  a=b \t\"c d\"=\"e f\"   last ";
	char w[32];
	bool cut;

	CHECK(cmdline_next(&cur, w, sizeof(w), &cut));
	CHECK_STR(w, "a=b");
	CHECK(cmdline_next(&cur, w, sizeof(w), &cut));
	CHECK_STR(w, "c d=e f");
	char *v = cmdline_split(w);
	CHECK_STR(w, "c d");
	CHECK_STR(v, "e f");
	CHECK(cmdline_next(&cur, w, sizeof(w), &cut));
	CHECK_STR(w, "last");
	CHECK(cmdline_split(w) == NULL);
	CHECK(!cmdline_next(&cur, w, sizeof(w), &cut));

	cur = "abcdefghij";
	CHECK(cmdline_next(&cur, w, 5, &cut));
	CHECK(cut);
	CHECK_STR(w, "abcd");
}

static void defaults(void)
{
	struct hv_options o;

	options_parse("", &o);
	CHECK_EQ(o.console_ports, 1);
	CHECK_EQ(o.com[0].base, 0x3F8);
	CHECK_EQ(o.com[0].irq, 4);
	CHECK_EQ(o.com[1].base, 0x2F8);
	CHECK_EQ(o.com[3].irq, 3);
	CHECK_EQ(o.com[0].baud, 115200);
	CHECK_EQ(o.nr_errors, 0);
	CHECK(!o.no_lapic);
	CHECK(!o.no_cpuid);
	CHECK(!o.ata_pio);
	CHECK_STR(o.selftest, "");
}

static void full_line(void)
{
	struct hv_options o;

	options_parse("/boot/hv.elf console=com2,com1 com2=9600,7e2,0x2e8,5 "
		      "com1=auto hv.noapic hv.nocpuid hv.selftest=timer hv.ata=pio", &o);
	CHECK_EQ(o.nr_errors, 0);
	CHECK_EQ(o.console_ports, 3);
	CHECK_EQ(o.com[1].baud, 9600);
	CHECK_EQ(o.com[1].data_bits, 7);
	CHECK(o.com[1].parity == 'e');
	CHECK_EQ(o.com[1].stop_bits, 2);
	CHECK_EQ(o.com[1].base, 0x2E8);
	CHECK_EQ(o.com[1].irq, 5);
	CHECK_EQ(o.com[0].baud, 0);
	CHECK(o.no_lapic);
	CHECK(o.no_cpuid);
	CHECK(o.ata_pio);
	CHECK_STR(o.selftest, "timer");
}

static void screen_consoles(void)
{
	struct hv_options o;

	options_parse("console=vga", &o);
	CHECK_EQ(o.nr_errors, 0);
	CHECK_EQ(o.console_ports, 1u << CONSOLE_VGA);
	options_parse("console=com1,vga", &o);
	CHECK_EQ(o.nr_errors, 0);
	CHECK_EQ(o.console_ports, 1u | 1u << CONSOLE_VGA);
	options_parse("vga=1 console=vga,tty0", &o);
	CHECK_EQ(o.nr_errors, 2);	/* vga is a console, not a port to set up */
	CHECK_EQ(o.console_ports, 1u << CONSOLE_VGA);
	CHECK_STR(console_port_name(CONSOLE_VGA), "vga");
	CHECK_STR(console_port_name(2), "com3");
}

static void mistakes_keep_defaults(void)
{
	struct hv_options o;

	options_parse("hv.elf com1=12345 com2=115200,9n1 com3=115200,8x1 "
		      "com4=115200,8n1,0x3f8,2 console=lpt1 frobnicate=1 bare hv.ata=udma", &o);
	CHECK_EQ(o.nr_errors, 8);
	CHECK(!o.ata_pio);
	CHECK_EQ(o.com[0].baud, 115200);
	CHECK_EQ(o.com[1].data_bits, 8);
	CHECK(o.com[2].parity == 'n');
	CHECK_EQ(o.com[3].base, 0x2E8);
	CHECK_EQ(o.console_ports, 1);
	for (int i = 0; i < o.nr_errors; i++)
		CHECK(strlen(o.errors[i]) > 10);
	CHECK(strstr(o.errors[0], "com1=") != NULL);
	CHECK(strstr(o.errors[4], "lpt1") != NULL);
	CHECK(strstr(o.errors[5], "frobnicate") != NULL);
	CHECK(strstr(o.errors[6], "bare") != NULL);
	CHECK(strstr(o.errors[7], "hv.ata=udma") != NULL);
}

static void cpus_option(void)
{
	struct hv_options o;

	options_parse("hv.elf", &o);
	CHECK_EQ(o.max_cpus, 0);	/* all of them */
	options_parse("hv.elf cpus=2", &o);
	CHECK_EQ(o.max_cpus, 2);
	CHECK_EQ(o.nr_errors, 0);
	options_parse("hv.elf cpus=1", &o);
	CHECK_EQ(o.max_cpus, 1);
	options_parse("hv.elf cpus=8", &o);
	CHECK_EQ(o.max_cpus, 8);

	options_parse("hv.elf cpus=0 cpus=9 cpus=two cpus= cpus=-1 cpus=99999999999", &o);
	CHECK_EQ(o.max_cpus, 0);
	CHECK_EQ(o.nr_errors, 6);
	CHECK(strstr(o.errors[0], "cpus=0") != NULL);
	CHECK(strstr(o.errors[1], "from 1 to 8") != NULL);
	CHECK(strstr(o.errors[2], "cpus=two") != NULL);

	options_parse("hv.elf", &o);
	CHECK_EQ(o.phantom_apic, -1);
	options_parse("hv.elf hv.smp.phantom=5 hv.smp.phantom=255", &o);
	CHECK_EQ(o.phantom_apic, 5);
	CHECK_EQ(o.nr_errors, 1);
}

static void serial_syntax(void)
{
	struct uart_config c;

	uart_config_default(0, &c);
	CHECK(uart_config_parse("115200", &c) == NULL);
	CHECK(uart_config_parse("57600,8o1", &c) == NULL);
	CHECK_EQ(c.baud, 57600);
	CHECK(c.parity == 'o');
	CHECK(uart_config_parse("", &c) != NULL);
	CHECK(uart_config_parse("0", &c) != NULL);
	CHECK(uart_config_parse("230400", &c) != NULL);
	CHECK(uart_config_parse("115200,8n1,0x3f8,4,9", &c) != NULL);
	CHECK(uart_config_parse("115200,8n1,0xfffff", &c) != NULL);
	CHECK(uart_config_parse("99999999999", &c) != NULL);
	CHECK_EQ(c.baud, 57600);	/* failures change nothing */
}

static void too_many_errors(void)
{
	struct hv_options o;

	options_parse("hv a=1 b=1 c=1 d=1 e=1 f=1 g=1 h=1 i=1 j=1 k=1", &o);
	CHECK_EQ(o.nr_errors, OPTIONS_MAX_ERRORS);
}

int main(void)
{
	RUN(words);
	RUN(defaults);
	RUN(full_line);
	RUN(screen_consoles);
	RUN(mistakes_keep_defaults);
	RUN(cpus_option);
	RUN(serial_syntax);
	RUN(too_many_errors);
	return 0;
}
