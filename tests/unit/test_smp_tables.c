// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the firmware's processor lists: the ACPI MADT (enabled local
 * APIC entries only, other entry types stepped over by their length, a
 * truncated entry refused) and the Intel MP table (the floating pointer
 * found only on a 16-byte boundary with a good checksum, processor entries
 * among the 8-byte ones, the enabled flag, the checksum and length of the
 * configuration table, default configurations).
 * sources: drivers/acpi_madt.c drivers/mptable.c
 */
#include <stdint.h>
#include "check.h"
#include "drivers/smp_tables.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A MADT as QEMU builds one: LAPIC entries, an I/O APIC, overrides. */
static uint32_t build_madt(uint8_t *t, const uint8_t *ids, const uint8_t *enabled, int n)
{
	uint32_t off = 44;

	memset(t, 0, 512);
	memcpy(t, "APIC", 4);
	put32(t + 36, 0xFEE00000u);
	put32(t + 40, 1);	/* PC-AT compatible */
	for (int i = 0; i < n; i++) {
		t[off] = 0;
		t[off + 1] = 8;
		t[off + 2] = (uint8_t)i;	/* ACPI processor id */
		t[off + 3] = ids[i];
		put32(t + off + 4, enabled[i]);
		off += 8;
		if (i == 0) {	/* an I/O APIC between them */
			t[off] = 1;
			t[off + 1] = 12;
			put32(t + off + 4, 0xFEC00000u);
			off += 12;
		}
	}
	t[off] = 2;	/* an interrupt source override */
	t[off + 1] = 10;
	off += 10;
	put32(t + 4, off);
	return off;
}

static void madt_lists_enabled_cpus(void)
{
	uint8_t t[512];
	const uint8_t ids[] = { 0, 1, 2, 6 }, en[] = { 1, 1, 0, 1 };
	uint32_t len = build_madt(t, ids, en, 4);
	struct cpu_list l;

	CHECK(madt_parse(t, len, &l) == NULL);
	CHECK_EQ(l.n, 3);
	CHECK_EQ(l.apic_id[0], 0);
	CHECK_EQ(l.apic_id[1], 1);
	CHECK_EQ(l.apic_id[2], 6);
	CHECK_EQ(l.disabled, 1);
	CHECK_EQ(l.lapic_pa, 0xFEE00000u);
	CHECK_STR(l.source, "MADT");
}

static void madt_refuses_bad_tables(void)
{
	uint8_t t[512];
	const uint8_t ids[] = { 0, 1 }, en[] = { 1, 1 };
	uint32_t len = build_madt(t, ids, en, 2);
	struct cpu_list l;

	CHECK(madt_parse(t, 40, &l) != NULL);		/* shorter than its header */
	CHECK(madt_parse(t, len - 3, &l) != NULL);	/* the last entry cut */
	t[44 + 1] = 0;					/* a zero-length entry */
	CHECK(madt_parse(t, len, &l) != NULL);
	build_madt(t, ids, en, 2);
	memcpy(t, "FACP", 4);
	CHECK(madt_parse(t, len, &l) != NULL);
}

static void madt_with_many_cpus(void)
{
	uint8_t t[1024];
	uint32_t off = 44;
	struct cpu_list l;

	memset(t, 0, sizeof(t));
	memcpy(t, "APIC", 4);
	for (int i = 0; i < CPU_LIST_MAX + 5; i++, off += 8) {
		t[off] = 0;
		t[off + 1] = 8;
		t[off + 3] = (uint8_t)i;
		t[off + 4] = 1;
	}
	CHECK(madt_parse(t, off, &l) == NULL);
	CHECK_EQ(l.n, CPU_LIST_MAX);
	CHECK_EQ(l.dropped, 5);
}

static void fix_sum(uint8_t *p, uint32_t len, uint32_t at)
{
	uint8_t sum = 0;

	p[at] = 0;
	for (uint32_t i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

static void floating_pointer(void)
{
	uint8_t mem[1024];

	memset(mem, 0, sizeof(mem));
	/* a decoy off the 16-byte grid, then a bad checksum, then the real one */
	memcpy(mem + 40, "_MP_", 4);
	memcpy(mem + 64, "_MP_", 4);
	mem[64 + 8] = 1;
	mem[64 + 10] = 0x55;
	memcpy(mem + 512, "_MP_", 4);
	put32(mem + 512 + 4, 0xF5BB0);
	mem[512 + 8] = 1;
	mem[512 + 9] = 4;
	fix_sum(mem + 512, 16, 10);
	CHECK_EQ(mp_find_floating(mem, sizeof(mem)), 512);
	CHECK_EQ(mp_config_address(mem + 512), 0xF5BB0);
	CHECK_EQ(mp_default_config(mem + 512), 0);
	CHECK_EQ(mp_find_floating(mem, 512), -1);
	CHECK_EQ(mp_find_floating(mem, 527), -1);	/* cut short */
	CHECK_EQ(mp_find_floating(mem, 528), 512);
}

/* A configuration table: the header, two processors (one disabled) among
 * a bus, an I/O APIC and interrupt entries, as SeaBIOS writes them. */
static uint32_t build_config(uint8_t *t, uint8_t second_flags)
{
	uint32_t off = 44;
	uint16_t count = 0;

	memset(t, 0, 512);
	memcpy(t, "PCMP", 4);
	t[6] = 4;
	put32(t + 36, 0xFEE00000u);
	const struct { uint8_t type, id, flags; } e[] = {
		{ 0, 0, 3 }, { 1, 0, 0 }, { 0, 1, 0 }, { 0, 2, 0 }, { 2, 3, 1 }, { 3, 0, 0 },
		{ 4, 0, 0 },
	};
	for (unsigned i = 0; i < sizeof(e) / sizeof(e[0]); i++, count++) {
		t[off] = e[i].type;
		t[off + 1] = e[i].id;
		t[off + 3] = e[i].type == 0 && e[i].id == 2 ? second_flags : e[i].flags;
		if (e[i].type == 0 && e[i].id == 1)
			t[off + 3] = 1;
		off += e[i].type == 0 ? 20 : 8;
	}
	t[34] = (uint8_t)count;
	t[4] = (uint8_t)off;
	t[5] = (uint8_t)(off >> 8);
	fix_sum(t, off, 7);
	return off;
}

static void mp_config_processors(void)
{
	uint8_t t[512];
	uint32_t len = build_config(t, 0);
	struct cpu_list l;

	CHECK_EQ(mp_config_length(t), len);
	CHECK(mp_parse_config(t, len, &l) == NULL);
	CHECK_EQ(l.n, 2);
	CHECK_EQ(l.apic_id[0], 0);
	CHECK_EQ(l.apic_id[1], 1);
	CHECK_EQ(l.disabled, 1);
	CHECK_STR(l.source, "MP table");
	CHECK_EQ(l.lapic_pa, 0xFEE00000u);

	len = build_config(t, 1);	/* the third enabled too */
	CHECK(mp_parse_config(t, len, &l) == NULL);
	CHECK_EQ(l.n, 3);
	CHECK_EQ(l.apic_id[2], 2);
}

static void mp_config_refused(void)
{
	uint8_t t[512];
	uint32_t len = build_config(t, 0);
	struct cpu_list l;

	t[100] ^= 1;	/* checksum */
	CHECK(mp_parse_config(t, len, &l) != NULL);
	build_config(t, 0);
	CHECK(mp_parse_config(t, len - 1, &l) != NULL);	/* shorter than it claims */
	CHECK(mp_parse_config(t, 20, &l) != NULL);
	t[34] = 40;	/* more entries than fit */
	fix_sum(t, len, 7);
	CHECK(mp_parse_config(t, len, &l) != NULL);
	build_config(t, 0);
	memcpy(t, "PCMX", 4);
	fix_sum(t, len, 7);
	CHECK(mp_parse_config(t, len, &l) != NULL);
}

static void mp_default_configuration(void)
{
	uint8_t fp[16] = { '_', 'M', 'P', '_', 0, 0, 0, 0, 1, 4, 0, 5 };
	struct cpu_list l;

	CHECK_EQ(mp_default_config(fp), 5);
	mp_default_cpus(&l);
	CHECK_EQ(l.n, 2);
	CHECK_EQ(l.apic_id[0], 0);
	CHECK_EQ(l.apic_id[1], 1);
}

int main(void)
{
	RUN(madt_lists_enabled_cpus);
	RUN(madt_refuses_bad_tables);
	RUN(madt_with_many_cpus);
	RUN(floating_pointer);
	RUN(mp_config_processors);
	RUN(mp_config_refused);
	RUN(mp_default_configuration);
	return 0;
}
