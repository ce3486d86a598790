// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small terminal in the manner of Linux's own console: the bytes a
 * program writes to a serial terminal, turned into a grid of cells that
 * drivers/vga.c copies to the screen.  Guests' shells and editors send
 * ANSI escape sequences (a shell's line editing erases with ESC[K, `ls`
 * colours with ESC[1;34m); a screen that printed them as text would be
 * unreadable, so the common ones are done and the rest swallowed.
 *
 * "\n" starts a new line (back to the first column too): output that
 * reaches the screen raw, like a test guest's or a boot loader's, often
 * ends its lines with "\n" alone, and a staircase helps nobody; "\r\n"
 * works the same.
 *
 * Writing past the last column wraps only when the next character comes
 * (the "pending wrap" of VT100s), so a line of exactly 80 characters
 * followed by "\r\n" takes one row, not two.  Scrolling moves the grid
 * in memory and marks every row dirty; the screen is updated from the
 * dirty rows once per write, not once per scrolled line.
 */
#include "drivers/vt.h"
#include "lib/string.h"

enum { S_TEXT, S_ESC, S_CSI, S_SKIP1 };

#define ALL_ROWS ((1u << VT_ROWS) - 1)

/* ANSI colour n is VGA colour ansi_to_vga[n]: VGA puts blue in bit 0. */
static const uint8_t ansi_to_vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

static void make_attr(struct vt *t)
{
	uint8_t fg = t->fg | (t->bold ? 8 : 0), bg = t->bg;

	t->attr = t->reverse ? (uint8_t)(fg << 4 | bg) : (uint8_t)(bg << 4 | fg);
}

static uint16_t blank(const struct vt *t)
{
	/* Erased cells take the current background, as on a VT100. */
	return (uint16_t)((t->attr & 0xF0) << 8 | ' ');
}

static void erase(struct vt *t, int from, int to)	/* cells [from, to) */
{
	for (int i = from; i < to; i++)
		t->cells[i] = blank(t);
	if (from < to)
		for (int r = from / VT_COLS; r <= (to - 1) / VT_COLS; r++)
			t->dirty |= 1u << r;
}

void vt_reset(struct vt *t)
{
	memset(t, 0, sizeof(*t));
	t->fg = VT_ATTR_DEFAULT;
	make_attr(t);
	erase(t, 0, VT_ROWS * VT_COLS);
}

static void line_feed(struct vt *t)
{
	if (t->row < VT_ROWS - 1) {
		t->row++;
		return;
	}
	memmove(t->cells, t->cells + VT_COLS, (VT_ROWS - 1) * VT_COLS * sizeof(t->cells[0]));
	erase(t, (VT_ROWS - 1) * VT_COLS, VT_ROWS * VT_COLS);
	t->dirty = ALL_ROWS;
}

static void put_char(struct vt *t, uint8_t c)
{
	if (t->col >= VT_COLS) {
		t->col = 0;
		line_feed(t);
	}
	t->cells[t->row * VT_COLS + t->col] = (uint16_t)(t->attr << 8 | c);
	t->dirty |= 1u << t->row;
	t->col++;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void control(struct vt *t, uint8_t c)
{
	switch (c) {
	case '\n': case 0x0B: case 0x0C:
		t->col = 0;	/* a new line, as Linux's early VGA console does */
		line_feed(t);
		break;
	case '\r':
		t->col = 0;
		break;
	case '\b':
		if (t->col >= VT_COLS)
			t->col = VT_COLS - 1;	/* leave the margin first, as Linux's console does */
		if (t->col)
			t->col--;
		break;
	case '\t':
		if (t->col < VT_COLS - 1)
			t->col = clamp((t->col / 8 + 1) * 8, 0, VT_COLS - 1);
		break;
	}
}

static void sgr(struct vt *t)
{
	for (int i = 0; i < t->nr_params || i == 0; i++) {
		int p = t->params[i];
		if (p == 0) {
			t->fg = VT_ATTR_DEFAULT;
			t->bg = 0;
			t->bold = t->reverse = 0;
		} else if (p == 1) {
			t->bold = 1;
		} else if (p == 22) {
			t->bold = 0;
		} else if (p == 7) {
			t->reverse = 1;
		} else if (p == 27) {
			t->reverse = 0;
		} else if (p >= 30 && p <= 37) {
			t->fg = ansi_to_vga[p - 30];
		} else if (p == 39) {
			t->fg = VT_ATTR_DEFAULT;
		} else if (p >= 40 && p <= 47) {
			t->bg = ansi_to_vga[p - 40];
		} else if (p == 49) {
			t->bg = 0;
		} else if (p >= 90 && p <= 97) {
			t->fg = ansi_to_vga[p - 90] | 8;
		}
	}
	make_attr(t);
}

/* Deletes (n > 0) or inserts (n < 0) cells at the cursor, within its row. */
static void shift_row(struct vt *t, int n)
{
	uint16_t *line = t->cells + t->row * VT_COLS;
	int col = clamp(t->col, 0, VT_COLS - 1), left = VT_COLS - col;
	int k = clamp(n < 0 ? -n : n, 1, left);

	if (n > 0) {
		memmove(line + col, line + col + k, (size_t)(left - k) * sizeof(*line));
		erase(t, t->row * VT_COLS + VT_COLS - k, (t->row + 1) * VT_COLS);
	} else {
		memmove(line + col + k, line + col, (size_t)(left - k) * sizeof(*line));
		erase(t, t->row * VT_COLS + col, t->row * VT_COLS + col + k);
	}
	t->dirty |= 1u << t->row;
}

static void csi(struct vt *t, uint8_t final)
{
	int n = t->params[0] ? t->params[0] : 1;
	int here;

	if (t->col >= VT_COLS && final != 'm')
		t->col = VT_COLS - 1;
	here = t->row * VT_COLS + t->col;
	switch (final) {
	case 'A': t->row = clamp(t->row - n, 0, VT_ROWS - 1); break;
	case 'B': t->row = clamp(t->row + n, 0, VT_ROWS - 1); break;
	case 'C': t->col = clamp(t->col + n, 0, VT_COLS - 1); break;
	case 'D': t->col = clamp(t->col - n, 0, VT_COLS - 1); break;
	case 'G': t->col = clamp(n - 1, 0, VT_COLS - 1); break;
	case 'd': t->row = clamp(n - 1, 0, VT_ROWS - 1); break;
	case 'H': case 'f':
		t->row = clamp(n - 1, 0, VT_ROWS - 1);
		t->col = clamp((t->params[1] ? t->params[1] : 1) - 1, 0, VT_COLS - 1);
		break;
	case 'J':
		if (t->params[0] == 0)
			erase(t, here, VT_ROWS * VT_COLS);
		else if (t->params[0] == 1)
			erase(t, 0, here + 1);
		else
			erase(t, 0, VT_ROWS * VT_COLS);
		break;
	case 'K':
		if (t->params[0] == 0)
			erase(t, here, (t->row + 1) * VT_COLS);
		else if (t->params[0] == 1)
			erase(t, t->row * VT_COLS, here + 1);
		else
			erase(t, t->row * VT_COLS, (t->row + 1) * VT_COLS);
		break;
	case 'P': shift_row(t, n); break;
	case '@': shift_row(t, -n); break;
	case 'm': sgr(t); break;
	}
}

static void byte(struct vt *t, uint8_t c)
{
	if (c == 0x1B) {
		t->state = S_ESC;
		return;
	}
	if (c == 0x18 || c == 0x1A) {	/* CAN, SUB: abandon a sequence */
		t->state = S_TEXT;
		return;
	}
	if (c < 0x20 || c == 0x7F) {
		control(t, c);	/* even inside a sequence, as terminals do */
		return;
	}
	switch (t->state) {
	case S_TEXT:
		put_char(t, c);
		break;
	case S_ESC:
		if (c == '[') {
			t->state = S_CSI;
			t->nr_params = 0;
			memset(t->params, 0, sizeof(t->params));
		} else if (c >= 0x20 && c <= 0x2F) {
			t->state = S_SKIP1;	/* ESC ( B and the like: a character set */
		} else {
			t->state = S_TEXT;	/* ESC 7, ESC M, ...: not done */
		}
		break;
	case S_SKIP1:
		t->state = S_TEXT;
		break;
	case S_CSI:
		if (c >= '0' && c <= '9') {
			if (!t->nr_params)
				t->nr_params = 1;
			int *p = &t->params[t->nr_params - 1];
			if (*p < 10000)
				*p = *p * 10 + (c - '0');
		} else if (c == ';') {
			if (!t->nr_params)
				t->nr_params = 1;
			if (t->nr_params < VT_MAX_PARAMS)
				t->nr_params++;
		} else if (c >= 0x40 && c <= 0x7E) {
			t->state = S_TEXT;
			csi(t, c);
		}
		/* '?' and other parameter bytes: private modes, ignored */
		break;
	}
}

void vt_write(struct vt *t, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		byte(t, buf[i]);
}

int vt_cursor(const struct vt *t)
{
	return t->row * VT_COLS + (t->col < VT_COLS ? t->col : VT_COLS - 1);
}
