// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VGA text screen.  The firmware (or GRUB, for a Multiboot kernel that
 * asks for no graphics) leaves the card in mode 3: 80x25 cells at physical
 * 0xB8000, each a character byte and an attribute byte (colours), and a
 * hardware cursor set through the CRT controller's index/data ports.
 *
 * What the text means is drivers/vt.c's business; it keeps the grid in
 * ordinary memory.  Here the changed rows are copied to the card.  Video
 * memory is slow to touch (on real hardware an uncached bus cycle, under
 * QEMU a trip into the emulator), so a scroll costs one copy of the
 * screen per write, never a read of video memory, and the cursor moves
 * once per write.
 */
#include "drivers/vga.h"
#include "drivers/vt.h"
#include "cpu/x86.h"

#define VGA_TEXT 0xB8000u
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5
#define CRTC_CURSOR_START 0x0A	/* bit 5: cursor off */
#define CRTC_CURSOR_HIGH 0x0E
#define CRTC_CURSOR_LOW 0x0F

static volatile uint16_t *const screen = (volatile uint16_t *)VGA_TEXT;
static struct vt term;
static int shown_cursor = -1;

bool vga_probe(void)
{
	/* The last cell: memory there keeps what we write; an empty bus (no
	 * card, or the screen in a graphics mode without this window) does
	 * not.  Whatever was there is put back. */
	volatile uint16_t *cell = &screen[VT_ROWS * VT_COLS - 1];
	uint16_t old = *cell;
	bool ok;

	*cell = 0x5AA5;
	ok = *cell == 0x5AA5;
	*cell = 0xA55A;
	ok = ok && *cell == 0xA55A;
	*cell = old;
	return ok;
}

static uint8_t crtc_read(uint8_t reg)
{
	outb(CRTC_INDEX, reg);
	return inb(CRTC_DATA);
}

static void crtc_write(uint8_t reg, uint8_t v)
{
	outb(CRTC_INDEX, reg);
	outb(CRTC_DATA, v);
}

void vga_init(void)
{
	vt_reset(&term);
	crtc_write(CRTC_CURSOR_START, crtc_read(CRTC_CURSOR_START) & ~0x20);
	shown_cursor = -1;
	vga_sync();
}

void vga_write(const uint8_t *buf, size_t len)
{
	vt_write(&term, buf, len);
}

void vga_sync(void)
{
	for (int r = 0; term.dirty && r < VT_ROWS; r++) {
		if (!(term.dirty & (1u << r)))
			continue;
		term.dirty &= ~(1u << r);
		for (int c = 0; c < VT_COLS; c++)
			screen[r * VT_COLS + c] = term.cells[r * VT_COLS + c];
	}
	int pos = vt_cursor(&term);
	if (pos != shown_cursor) {
		shown_cursor = pos;
		crtc_write(CRTC_CURSOR_HIGH, (uint8_t)(pos >> 8));
		crtc_write(CRTC_CURSOR_LOW, (uint8_t)pos);
	}
}
