// SPDX-License-Identifier: GPL-2.0-only
/*
 * ATA transfers by polled PIO: select the drive, load the task file, write
 * the command, then move each sector through the data port when the drive
 * raises DRQ.  Every wait has a deadline on the TSC clock, and whatever
 * goes wrong (an error bit, a deadline passed) resets the channel and is
 * returned as a sentence: the hypervisor must never hang on a disk.
 *
 * LBA28 commands reach the first 2^28 sectors (128 GiB); beyond that, on
 * drives that have them, the EXT commands take a 48-bit address and count
 * as two bytes per register, the high ("previous") one written first.
 */
#include "drivers/ata_hw.h"
#include "drivers/clock.h"
#include "cpu/x86.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define CMD_TIMEOUT_NS 5000000000ull	/* one sector's data request */
#define FLUSH_TIMEOUT_NS 30000000000ull
#define RESET_TIMEOUT_NS 5000000000ull

#define CMD_READ 0x20
#define CMD_READ_EXT 0x24
#define CMD_WRITE 0x30
#define CMD_WRITE_EXT 0x34
#define CMD_FLUSH 0xE7
#define CMD_FLUSH_EXT 0xEA

#define LBA28_LIMIT (1ull << 28)

struct ata_drive ata_drives[ATA_MAX_DRIVES];

static const uint16_t io_base[2] = { 0x1F0, 0x170 };
static const uint16_t ctl_port[2] = { 0x3F6, 0x376 };

uint16_t ata_io(int n)
{
	return io_base[n / 2];
}

uint16_t ata_ctl(int n)
{
	return ctl_port[n / 2];
}

void ata_settle(int n)
{
	for (int i = 0; i < 4; i++)
		inb(ata_ctl(n));
}

static void spin_ns(uint64_t ns)
{
	uint64_t end = clock_now_ns() + ns;

	while (clock_now_ns() < end)
		cpu_relax();
}

bool ata_wait_idle(int n, uint64_t timeout_ns, uint8_t *status)
{
	uint64_t end = clock_now_ns() + timeout_ns;

	for (;;) {
		*status = inb(ata_io(n) + ATA_STATUS);
		if (!(*status & ATA_ST_BSY))
			return true;
		if (clock_now_ns() > end)
			return false;
		cpu_relax();
	}
}

bool ata_reset_channel(int n, uint64_t timeout_ns)
{
	uint8_t status;

	outb(ata_ctl(n), ATA_CTL_NIEN | ATA_CTL_SRST);
	spin_ns(5000);			/* SRST held for at least 5 us */
	outb(ata_ctl(n), ATA_CTL_NIEN);
	spin_ns(2000000);		/* 2 ms before the status means anything */
	return ata_wait_idle(n, timeout_ns, &status);
}

/* Records why a request failed, resets the channel, and returns the why. */
static const char *fail(int n, const char *what, uint8_t status)
{
	struct ata_drive *d = &ata_drives[n];
	uint8_t error = inb(ata_io(n) + ATA_ERROR);	/* before the reset clears it */
	const char *after = ata_reset_channel(n, RESET_TIMEOUT_NS) ? ""
		: "; the channel stays busy after a reset";

	if (status & (ATA_ST_ERR | ATA_ST_DF))
		fmt_snprintf(d->error, sizeof(d->error), "drive error: status 0x%02x error 0x%02x%s",
			     status, error, after);
	else
		fmt_snprintf(d->error, sizeof(d->error), "%s (status 0x%02x)%s", what, status, after);
	return d->error;
}

static const char *check_request(int n, uint64_t lba, uint32_t count)
{
	if (n < 0 || n >= ATA_MAX_DRIVES || !ata_drives[n].present)
		return "no such drive";
	if (count == 0 || count > ATA_MAX_XFER)
		return "bad transfer size";
	if (lba >= ata_drives[n].sectors || count > ata_drives[n].sectors - lba)
		return "past the end of the drive";
	return NULL;
}

/* Selects the drive and loads address and count; writes cmd28 or cmd48.
 * NULL, or why the drive could not take the command. */
static const char *issue(int n, uint64_t lba, uint32_t count, uint8_t cmd28, uint8_t cmd48)
{
	uint16_t io = ata_io(n);
	uint8_t slave = n & 1 ? ATA_DEV_SLAVE : 0, status;
	bool ext = ata_drives[n].lba48 && (cmd28 == CMD_FLUSH || lba + count >= LBA28_LIMIT);

	if (!ata_wait_idle(n, CMD_TIMEOUT_NS, &status))
		return fail(n, "timeout waiting for the channel", status);
	outb(io + ATA_DEVICE, ATA_DEV_OBS | ATA_DEV_LBA | slave | (ext ? 0 : (lba >> 24) & 0x0F));
	ata_settle(n);
	if (!ata_wait_idle(n, CMD_TIMEOUT_NS, &status))
		return fail(n, "timeout selecting the drive", status);
	if (ext) {
		outb(io + ATA_COUNT, count >> 8);
		outb(io + ATA_LBA0, lba >> 24);
		outb(io + ATA_LBA1, lba >> 32);
		outb(io + ATA_LBA2, lba >> 40);
	}
	outb(io + ATA_COUNT, count);	/* 256 is 0 in LBA28, 0x0100 in LBA48 */
	outb(io + ATA_LBA0, lba);
	outb(io + ATA_LBA1, lba >> 8);
	outb(io + ATA_LBA2, lba >> 16);
	outb(io + ATA_COMMAND, ext ? cmd48 : cmd28);
	return NULL;
}

/* After the command or a sector: waits for the drive to ask for the next
 * sector's data (or to offer it). */
static const char *wait_drq(int n)
{
	uint8_t status;

	ata_settle(n);
	if (!ata_wait_idle(n, CMD_TIMEOUT_NS, &status))
		return fail(n, "timeout waiting for DRQ", status);
	if (status & (ATA_ST_ERR | ATA_ST_DF) || !(status & ATA_ST_DRQ))
		return fail(n, "no data request", status);
	return NULL;
}

/* After the last sector: BSY clear, no error, no more data wanted. */
static const char *wait_done(int n, uint64_t timeout_ns)
{
	uint8_t status;

	ata_settle(n);
	if (!ata_wait_idle(n, timeout_ns, &status))
		return fail(n, "timeout waiting for completion", status);
	if (status & (ATA_ST_ERR | ATA_ST_DF | ATA_ST_DRQ))
		return fail(n, "unexpected status at the end", status);
	return NULL;
}

/* A read or write of count sectors: one data phase per sector, each
 * waiting for DRQ; the data port moves 16 bits at a time. */
static const char *transfer(int n, uint64_t lba, uint32_t count, uint8_t *buf, bool write)
{
	const char *why = check_request(n, lba, count);

	if (!why)
		why = write ? issue(n, lba, count, CMD_WRITE, CMD_WRITE_EXT)
			: issue(n, lba, count, CMD_READ, CMD_READ_EXT);
	for (uint32_t i = 0; !why && i < count; i++, buf += ATA_SECTOR) {
		why = wait_drq(n);
		if (why)
			break;
		if (write)
			outsw(ata_io(n) + ATA_DATA, buf, ATA_SECTOR / 2);
		else
			insw(ata_io(n) + ATA_DATA, buf, ATA_SECTOR / 2);
	}
	return why ? why : wait_done(n, CMD_TIMEOUT_NS);
}

const char *ata_read(int n, uint64_t lba, uint32_t count, void *buf)
{
	return transfer(n, lba, count, buf, false);
}

const char *ata_write(int n, uint64_t lba, uint32_t count, const void *buf)
{
	/* transfer() only reads from buf when writing. */
	return transfer(n, lba, count, (uint8_t *)buf, true);
}

const char *ata_flush(int n)
{
	const char *why = check_request(n, 0, 1);

	if (why || ata_drives[n].cache_off)
		return why;
	why = issue(n, 0, 0, CMD_FLUSH, CMD_FLUSH_EXT);
	return why ? why : wait_done(n, FLUSH_TIMEOUT_NS);
}
