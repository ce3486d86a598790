// SPDX-License-Identifier: GPL-2.0-only
/*
 * RSDP -> RSDT (or XSDT) -> FADT -> DSDT, read only for the two facts a
 * power-off needs: the PM1 control ports and the \_S5 sleep type.  Every
 * table is checksummed before we believe it.
 */
#include "drivers/acpi.h"
#include "cpu/x86.h"
#include "mm/paging.h"
#include "lib/bytes.h"
#include "lib/string.h"

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct sdt_header) == 36, "ACPI table header");

/* FADT offsets we read. */
#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_MIN_LEN 72

#define PM1_SCI_EN 0x0001
#define PM1_SLP_EN 0x2000

static const uint8_t *find_rsdp_in(uint32_t start, uint32_t len)
{
	for (uint32_t a = start; a + 20 <= start + len; a += 16) {
		const uint8_t *p = (const uint8_t *)a;
		if (!memcmp(p, "RSD PTR ", 8) && bytes_sum_to_zero(p, 20))
			return p;
	}
	return NULL;
}

/* Maps a table and checks its length and checksum. */
static const struct sdt_header *table_at(uint32_t pa)
{
	const struct sdt_header *h;

	if (!pa || pa >= SWITCHER_ADDR - 0x10000)
		return NULL;
	paging_map_ram(pa, sizeof(*h));
	h = (const struct sdt_header *)pa;
	if (h->length < sizeof(*h) || h->length > 0x100000)
		return NULL;
	paging_map_ram(pa, h->length);
	return bytes_sum_to_zero(h, h->length) ? h : NULL;
}

static const struct sdt_header *find_table(const uint8_t *rsdp, const char *sig)
{
	uint32_t rsdt = *(const uint32_t *)(rsdp + 16);
	bool xsdt = false;
	const struct sdt_header *root;

	if (!rsdt && rsdp[15] >= 2) {	/* ACPI 2+: only an XSDT perhaps */
		uint64_t x = *(const uint64_t *)(rsdp + 24);
		if (x >> 32)
			return NULL;
		rsdt = (uint32_t)x;
		xsdt = true;
	}
	root = table_at(rsdt);
	if (!root)
		return NULL;
	uint32_t entry = xsdt ? 8 : 4;
	uint32_t n = (root->length - sizeof(*root)) / entry;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
		uint32_t pa = *(const uint32_t *)e;
		if (xsdt && *(const uint32_t *)(e + 4))
			continue;
		const struct sdt_header *t = table_at(pa);
		if (t && !memcmp(t->signature, sig, 4))
			return t;
	}
	return NULL;
}

static const uint8_t *find_rsdp(uint32_t ebda)
{
	const uint8_t *rsdp = NULL;

	if (ebda >= 0x80000 && ebda < 0xA0000)
		rsdp = find_rsdp_in(ebda, 1024);
	if (!rsdp)
		rsdp = find_rsdp_in(0xE0000, 0x20000);
	return rsdp;
}

const uint8_t *acpi_find_table(uint32_t ebda, const char *sig, uint32_t *len)
{
	const uint8_t *rsdp = find_rsdp(ebda);
	const struct sdt_header *t = rsdp ? find_table(rsdp, sig) : NULL;

	if (t)
		*len = t->length;
	return (const uint8_t *)t;
}

void acpi_init(uint32_t ebda, struct acpi_poweroff *out)
{
	const uint8_t *rsdp;
	const struct sdt_header *fadt, *dsdt;

	memset(out, 0, sizeof(*out));
	rsdp = find_rsdp(ebda);
	if (!rsdp) {
		out->why_not = "no ACPI root pointer";
		return;
	}
	fadt = find_table(rsdp, "FACP");
	if (!fadt || fadt->length < FADT_MIN_LEN) {
		out->why_not = "no usable FADT";
		return;
	}
	const uint8_t *f = (const uint8_t *)fadt;
	out->pm1a_cnt = (uint16_t)*(const uint32_t *)(f + FADT_PM1A_CNT);
	out->pm1b_cnt = (uint16_t)*(const uint32_t *)(f + FADT_PM1B_CNT);
	out->smi_cmd = *(const uint32_t *)(f + FADT_SMI_CMD);
	out->acpi_enable = f[FADT_ACPI_ENABLE];
	dsdt = table_at(*(const uint32_t *)(f + FADT_DSDT));
	if (!out->pm1a_cnt || !dsdt) {
		out->why_not = "FADT has no PM1a control port or DSDT";
		return;
	}
	if (!acpi_find_s5((const uint8_t *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
			  &out->slp_typ_a, &out->slp_typ_b)) {
		out->why_not = "DSDT has no \\_S5 package";
		return;
	}
	out->usable = true;
}

void acpi_power_off(const struct acpi_poweroff *p)
{
	if (!p->usable)
		return;
	/* Firmware may still own the hardware (SCI_EN clear): ask it to hand
	 * over, as an OS would, and give it a moment. */
	if (!(inw(p->pm1a_cnt) & PM1_SCI_EN) && p->smi_cmd && p->acpi_enable) {
		outb((uint16_t)p->smi_cmd, p->acpi_enable);
		for (int i = 0; i < 300000 && !(inw(p->pm1a_cnt) & PM1_SCI_EN); i++)
			io_delay();
	}
	outw(p->pm1a_cnt, (uint16_t)((p->slp_typ_a << 10) | PM1_SLP_EN));
	if (p->pm1b_cnt)
		outw(p->pm1b_cnt, (uint16_t)((p->slp_typ_b << 10) | PM1_SLP_EN));
	for (int i = 0; i < 100000; i++)
		io_delay();
}
