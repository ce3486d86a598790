// SPDX-License-Identifier: GPL-2.0-only
/*
 * ATA transfers by polled PIO: select the drive, load the task file, write
 * the command, then move each sector through the data port when the drive
 * raises DRQ.  Or by DMA (ata_dma.c), where the drive and its channel can:
 * load the bus-master engine, write READ DMA or WRITE DMA, start the
 * engine and watch it and the drive until both are done.  Every wait has a
 * deadline on the TSC clock, and whatever goes wrong (an error bit, a
 * deadline passed) resets the channel and is returned as a sentence: the
 * hypervisor must never hang on a disk.
 *
 * LBA28 commands reach the first 2^28 sectors (128 GiB); beyond that, on
 * drives that have them, the EXT commands take a 48-bit address and count
 * as two bytes per register, the high ("previous") one written first.
 */
#include "drivers/ata_hw.h"
#include "drivers/ata_dma.h"
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
#define CMD_READ_DMA 0xC8
#define CMD_READ_DMA_EXT 0x25
#define CMD_WRITE_DMA 0xCA
#define CMD_WRITE_DMA_EXT 0x35
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

/* The status of each drive on the channel has to be watched: the one left
 * selected may be an absent slave, which reads 0 -- "not busy" -- while the
 * master is still resetting (QEMU's reset, for one, finishes later). */
bool ata_reset_channel(int n, uint64_t timeout_ns)
{
	int master = n & ~1;
	bool ok = true;

	outb(ata_ctl(n), ATA_CTL_NIEN | ATA_CTL_SRST);
	spin_ns(5000);			/* SRST held for at least 5 us */
	outb(ata_ctl(n), ATA_CTL_NIEN);
	spin_ns(2000000);		/* 2 ms before the status means anything */
	for (int d = master + 1; d >= master; d--) {
		uint8_t status = 0;
		outb(ata_io(d) + ATA_DEVICE, ATA_DEV_OBS | (d & 1 ? ATA_DEV_SLAVE : 0));
		ata_settle(d);
		if (inb(ata_io(d) + ATA_STATUS) != 0xFF)	/* 0xFF: no drive drives the bus */
			ok = ata_wait_idle(d, timeout_ns, &status) && ok;
		/* A disk we use must also be ready again (QEMU shows a status
		 * of 0 for a moment); ATAPI devices never set DRDY. */
		uint64_t end = clock_now_ns() + timeout_ns;
		while (ok && ata_drives[d].present && !(status & ATA_ST_DRDY)) {
			if (clock_now_ns() > end)
				ok = false;
			cpu_relax();
			ata_wait_idle(d, timeout_ns, &status);
		}
	}
	return ok;		/* and the master is selected, as after a reset */
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

/* A failure of the DMA itself rather than of the drive (the engine's
 * error bit, a transfer that never ends): the channel is reset as for any
 * failure, and the drive goes on by PIO, which needs nothing but the drive. */
static const char *dma_broken(int n, const char *what, uint8_t status)
{
	struct ata_drive *d = &ata_drives[n];
	size_t len;

	fail(n, what, status);
	d->dma = false;
	len = strlen(d->error);
	fmt_snprintf(d->error + len, sizeof(d->error) - len, "; PIO from now on");
	return d->error;
}

/* Started, the engine moves the whole transfer.  With the drive's
 * interrupt off (nIEN) the engine's interrupt bit is never set (QEMU
 * raises it only with the drive's interrupt line, as hardware does), so
 * the end is seen in the two status registers: the drive neither busy
 * nor asking for data, and the engine past its last region -- or the
 * drive reporting an error, after which the engine may never finish.
 * The whole transfer gets the deadline PIO gives its first sector: at
 * 128 KiB it is the drive's seek or spin-up that takes the time. */
static const char *dma_transfer(int n, uint64_t lba, uint32_t count, bool write)
{
	const char *why = write ? issue(n, lba, count, CMD_WRITE_DMA, CMD_WRITE_DMA_EXT)
		: issue(n, lba, count, CMD_READ_DMA, CMD_READ_DMA_EXT);
	uint64_t end;
	uint8_t status, bm;
	bool over = false;

	if (why)
		return why;
	ata_dma_start(n / 2);
	end = clock_now_ns() + CMD_TIMEOUT_NS;
	ata_settle(n);
	for (;;) {
		bm = ata_dma_status(n / 2);
		status = inb(ata_ctl(n));	/* the alternate status */
		if (bm & ATA_BM_ERROR)
			break;
		if (!(status & (ATA_ST_BSY | ATA_ST_DRQ)) &&
		    (!(bm & ATA_BM_ACTIVE) || status & (ATA_ST_ERR | ATA_ST_DF)))
			break;
		over = clock_now_ns() > end;
		if (over)
			break;
		cpu_relax();
	}
	bm = ata_dma_stop(n / 2);
	if (status & (ATA_ST_ERR | ATA_ST_DF) && !(status & ATA_ST_BSY))
		return fail(n, "drive error", status);
	if (bm & ATA_BM_ERROR)
		return dma_broken(n, "bus-master DMA error", status);
	if (over)
		return dma_broken(n, "timeout waiting for the DMA transfer", status);
	return wait_done(n, CMD_TIMEOUT_NS);
}

/* A read or write of count sectors: by DMA if the drive uses it and the
 * buffer suits the engine; else one data phase per sector, each waiting
 * for DRQ, the data port moving 16 bits at a time. */
static const char *transfer(int n, uint64_t lba, uint32_t count, uint8_t *buf, bool write)
{
	const char *why = check_request(n, lba, count);

	if (!why && ata_drives[n].dma &&
	    ata_dma_prepare(n / 2, buf, count * ATA_SECTOR, !write))
		return dma_transfer(n, lba, count, write);
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
