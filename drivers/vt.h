/* SPDX-License-Identifier: GPL-2.0-only */
/* A small terminal: what a stream of bytes does to a grid of character
 * cells.  Pure logic, no hardware: drivers/vga.c shows the grid. */
#ifndef DRIVERS_VT_H
#define DRIVERS_VT_H

#include <stdint.h>
#include <stddef.h>

#define VT_COLS 80
#define VT_ROWS 25
#define VT_ATTR_DEFAULT 0x07	/* light grey on black */
#define VT_MAX_PARAMS 4

struct vt {
	uint16_t cells[VT_ROWS * VT_COLS];	/* VGA layout: attribute << 8 | character */
	int row;
	int col;		/* VT_COLS: at the margin, wrapping before the next character */
	uint8_t attr;		/* for what is written next */
	uint8_t fg, bg;		/* the colours attr is made of (VGA numbering) */
	uint8_t bold, reverse;
	uint32_t dirty;		/* bit r: row r changed since vt_clean() */
	int state;		/* inside an escape sequence, and where */
	int params[VT_MAX_PARAMS];
	int nr_params;
};

/* A blank screen, cursor home, default colours, every row dirty. */
void vt_reset(struct vt *t);
/* Text, control characters (\n \r \b \t \a) and the common ANSI escape
 * sequences (cursor moves, erasing, colours); other sequences are
 * swallowed rather than shown. */
void vt_write(struct vt *t, const uint8_t *buf, size_t len);
/* The cell the cursor is shown on (the last column while at the margin). */
int vt_cursor(const struct vt *t);

#endif
