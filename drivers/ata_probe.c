// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding the ATA disks.  A channel with nothing on it floats (its status
 * reads 0xFF) or reads 0.  A disk answers IDENTIFY DEVICE with 256 words:
 * its model, whether it has LBA and 48-bit commands, and its size.  An
 * ATAPI device (a CD-ROM: not a disk, skipped) refuses that command and
 * leaves its signature, 0x14/0xEB, in the LBA1/LBA2 registers.
 *
 * A disk goes by DMA when it says it can and has a DMA mode selected, and
 * its channel has a bus-master engine.  Choosing a mode (SET FEATURES)
 * would also mean programming the controller's timings, which differ
 * from chipset to chipset: that is left to the firmware, which does it
 * for the disks it boots from (and QEMU's disks come with a mode set).
 */
#include "drivers/ata_hw.h"
#include "drivers/ata_dma.h"
#include "cpu/x86.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define PROBE_TIMEOUT_NS 3000000000ull
#define CMD_IDENTIFY 0xEC
#define CMD_IDENTIFY_PACKET 0xA1

/* IDENTIFY words. */
#define ID_MODEL 27		/* 20 words, two characters each, high byte first */
#define ID_MODEL_WORDS 20
#define ID_CAPABILITIES 49
#define ID_CAP_DMA (1u << 8)
#define ID_CAP_LBA (1u << 9)
#define ID_VALID_FIELDS 53
#define ID_WORD88_VALID (1u << 2)	/* in word 53 */
#define ID_MULTIWORD_DMA 63	/* bits 8-10: mode 0-2 selected */
#define ID_UDMA 88		/* bits 8-14: mode 0-6 selected */
#define ID_LBA28_SECTORS 60	/* two words, low first */
#define ID_CMDSET_SUPPORTED 82
#define ID_CMDSET_SUPPORTED2 83
#define ID_CMDSET_ENABLED 85
#define ID_LBA48_SECTORS 100	/* four words, low first */
#define ID_WRITE_CACHE (1u << 5)	/* in words 82 and 85 */
#define ID_LBA48 (1u << 10)		/* in word 83 */
#define ID_VALID_MASK 0xC000u		/* words 82-83 mean something when */
#define ID_VALID 0x4000u		/* word 83's top bits are 01 */

static bool is_atapi(uint8_t lba1, uint8_t lba2)
{
	return (lba1 == 0x14 && lba2 == 0xEB) || (lba1 == 0x69 && lba2 == 0x96);
}

static void copy_model(char *out, const uint16_t *id)
{
	int len = 0, start = 0;

	for (int i = 0; i < ID_MODEL_WORDS; i++) {
		out[2 * i] = id[ID_MODEL + i] >> 8;
		out[2 * i + 1] = id[ID_MODEL + i] & 0xFF;
	}
	for (int i = 0; i < 2 * ID_MODEL_WORDS; i++) {
		char c = out[i];
		out[i] = c >= 0x20 && c < 0x7F ? c : ' ';
		if (out[i] != ' ')
			len = i + 1;
	}
	while (start < len && out[start] == ' ')
		start++;
	memmove(out, out + start, len - start);
	out[len - start] = 0;
}

static void take_identify(struct ata_drive *d, const uint16_t *id)
{
	bool valid = (id[ID_CMDSET_SUPPORTED2] & ID_VALID_MASK) == ID_VALID;

	copy_model(d->model, id);
	d->lba48 = valid && (id[ID_CMDSET_SUPPORTED2] & ID_LBA48);
	d->sectors = id[ID_LBA28_SECTORS] | (uint32_t)id[ID_LBA28_SECTORS + 1] << 16;
	if (d->lba48) {
		uint64_t big = 0;
		for (int i = 3; i >= 0; i--)
			big = big << 16 | id[ID_LBA48_SECTORS + i];
		if (big)
			d->sectors = big;
	}
	/* Without word 82 to say, assume a cache and send the flush. */
	d->cache_off = valid && (!(id[ID_CMDSET_SUPPORTED] & ID_WRITE_CACHE) ||
				 !(id[ID_CMDSET_ENABLED] & ID_WRITE_CACHE));
	d->dma_mode = (id[ID_CAPABILITIES] & ID_CAP_DMA) &&
		((id[ID_MULTIWORD_DMA] & 0x0700) ||
		 ((id[ID_VALID_FIELDS] & ID_WORD88_VALID) && (id[ID_UDMA] & 0x7F00)));
	if (!(id[ID_CAPABILITIES] & ID_CAP_LBA))
		d->skipped = "a disk without LBA addressing (not supported)";
	else if (d->sectors == 0)
		d->skipped = "a disk that reports no sectors";
	else
		d->present = true;
}

/* Writes an IDENTIFY command and waits for its answer; true when the
 * drive offers its 256 words, which are then in id. */
static bool identify(int n, uint8_t cmd, uint16_t *id, uint8_t *status)
{
	uint16_t io = ata_io(n);

	outb(io + ATA_COUNT, 0);
	outb(io + ATA_LBA0, 0);
	outb(io + ATA_COMMAND, cmd);
	ata_settle(n);
	if (inb(io + ATA_STATUS) == 0) {
		*status = 0;		/* no device to take the command */
		return false;
	}
	if (!ata_wait_idle(n, PROBE_TIMEOUT_NS, status)) {
		ata_drives[n].skipped = "a device that does not answer IDENTIFY";
		ata_reset_channel(n, PROBE_TIMEOUT_NS);
		return false;
	}
	if ((*status & (ATA_ST_ERR | ATA_ST_DF)) || !(*status & ATA_ST_DRQ))
		return false;
	insw(io + ATA_DATA, id, 256);
	return true;
}

/* The skip reason for an ATAPI device, with its model when it answers
 * IDENTIFY PACKET DEVICE (an absent slave may read back its master's
 * signature, and does not answer). */
static void probe_atapi(int n, uint16_t *id)
{
	struct ata_drive *d = &ata_drives[n];
	uint8_t status;

	if (identify(n, CMD_IDENTIFY_PACKET, id, &status)) {
		copy_model(d->model, id);
		fmt_snprintf(d->why_skipped, sizeof(d->why_skipped),
			     "an ATAPI device (%s), not a disk", d->model);
		d->skipped = d->why_skipped;
	}
}

/* One drive, as the firmware left it.  A disk answers IDENTIFY DEVICE; an
 * ATAPI device aborts it and shows its signature (LBA1/LBA2 0x14/0xEB);
 * an ATAPI device may also read a status of 0 (it need not set DRDY), so
 * its signature is looked at before a 0 is taken for "nothing there". */
static void probe_drive(int n)
{
	uint16_t io = ata_io(n), id[256];
	uint8_t status;

	outb(io + ATA_DEVICE, ATA_DEV_OBS | (n & 1 ? ATA_DEV_SLAVE : 0));
	ata_settle(n);
	status = inb(io + ATA_STATUS);
	if (status == 0xFF)
		return;		/* nothing drives the bus */
	if (is_atapi(inb(io + ATA_LBA1), inb(io + ATA_LBA2))) {
		probe_atapi(n, id);
		return;
	}
	if (status == 0)
		return;		/* nothing there */
	if (identify(n, CMD_IDENTIFY, id, &status))
		take_identify(&ata_drives[n], id);
	else if (is_atapi(inb(io + ATA_LBA1), inb(io + ATA_LBA2)))
		probe_atapi(n, id);
	/* Else no disk: an absent master, for one, aborts the command. */
}

/* No reset here: the firmware has reset the drives, and QEMU finishes a
 * reset later, in the background, so that a probe right after one can
 * find a drive half reset.  The drives' interrupts are turned off. */
void ata_probe(bool allow_dma)
{
	memset(ata_drives, 0, sizeof(ata_drives));
	for (int master = 0; master < ATA_MAX_DRIVES; master += 2) {
		uint8_t status = inb(ata_io(master) + ATA_STATUS);

		if (status == 0xFF)
			continue;	/* a floating bus: no channel here */
		outb(ata_ctl(master), ATA_CTL_NIEN);
		if (!ata_wait_idle(master, PROBE_TIMEOUT_NS, &status)) {
			ata_drives[master].skipped = "a channel that stays busy";
			continue;
		}
		probe_drive(master);
		probe_drive(master + 1);
		outb(ata_io(master) + ATA_DEVICE, ATA_DEV_OBS);
	}
	if (!allow_dma)
		return;
	ata_dma_probe();
	for (int n = 0; n < ATA_MAX_DRIVES; n++)
		ata_drives[n].dma = ata_drives[n].present && ata_drives[n].dma_mode &&
			ata_dma_present(n / 2);
}

static bool valid(int n)
{
	return n >= 0 && n < ATA_MAX_DRIVES;
}

bool ata_present(int n)
{
	return valid(n) && ata_drives[n].present;
}

const char *ata_model(int n)
{
	return ata_present(n) ? ata_drives[n].model : "";
}

uint64_t ata_sectors(int n)
{
	return ata_present(n) ? ata_drives[n].sectors : 0;
}

const char *ata_skipped(int n)
{
	return valid(n) ? ata_drives[n].skipped : NULL;
}

bool ata_uses_dma(int n)
{
	return ata_present(n) && ata_drives[n].dma;
}
