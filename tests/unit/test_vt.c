// SPDX-License-Identifier: GPL-2.0-only
/*
 * The screen's terminal (drivers/vt.c): text and control characters,
 * the pending wrap at the margin, scrolling that keeps the last lines,
 * and the escape sequences a guest's shell sends (erasing, cursor moves,
 * colours), swallowed rather than shown when unknown.
 * sources: drivers/vt.c
 */
#include "check.h"
#include "drivers/vt.h"

static struct vt t;

static void put(const char *s)
{
	vt_write(&t, (const uint8_t *)s, strlen(s));
}

/* Row r as text, trailing blanks cut. */
static const char *row(int r)
{
	static char text[VT_COLS + 1];
	int n = 0;

	for (int c = 0; c < VT_COLS; c++)
		text[n++] = (char)(t.cells[r * VT_COLS + c] & 0xFF);
	while (n && text[n - 1] == ' ')
		n--;
	text[n] = '\0';
	return text;
}

static uint8_t attr(int r, int c)
{
	return (uint8_t)(t.cells[r * VT_COLS + c] >> 8);
}

static void text_and_controls(void)
{
	vt_reset(&t);
	CHECK_EQ(t.dirty, (1u << VT_ROWS) - 1);
	t.dirty = 0;
	put("hello\r\nab\bc\tX\rZ");
	CHECK_STR(row(0), "hello");
	CHECK_STR(row(1), "Zc      X");
	CHECK_EQ(t.dirty, 3);
	CHECK_EQ(vt_cursor(&t), VT_COLS + 1);
	CHECK_EQ(attr(0, 0), VT_ATTR_DEFAULT);
	/* "\n" alone starts a new line too */
	put("\nnew");
	CHECK_STR(row(2), "new");
}

static void wrap_at_the_margin(void)
{
	char line[VT_COLS + 1];

	vt_reset(&t);
	memset(line, 'x', VT_COLS);
	line[VT_COLS] = '\0';
	/* exactly 80 characters and a line end: one row, not two */
	put(line);
	CHECK_EQ(vt_cursor(&t), VT_COLS - 1);
	put("\r\nnext");
	CHECK_STR(row(0), line);
	CHECK_STR(row(1), "next");
	/* 81 characters: the last goes to the next row */
	vt_reset(&t);
	put(line);
	put("y");
	CHECK_STR(row(1), "y");
}

static void scrolling_keeps_the_last_lines(void)
{
	char buf[32];

	vt_reset(&t);
	for (int i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "line %d\r\n", i);
		put(buf);
	}
	/* 24 full rows and the cursor on an empty last one */
	CHECK_STR(row(0), "line 76");
	CHECK_STR(row(VT_ROWS - 2), "line 99");
	CHECK_STR(row(VT_ROWS - 1), "");
	CHECK_EQ(vt_cursor(&t), (VT_ROWS - 1) * VT_COLS);
	CHECK_EQ(t.dirty, (1u << VT_ROWS) - 1);
}

static void escape_sequences(void)
{
	vt_reset(&t);
	/* a shell redrawing its line: erase to the end of the line */
	put("guest:/# lsx\b\x1b[K");
	CHECK_STR(row(0), "guest:/# ls");
	/* colours: bold blue on default, then reset */
	put("\r\n\x1b[1;34mdir\x1b[0m f");
	CHECK_STR(row(1), "dir f");
	CHECK_EQ(attr(1, 0), 0x09);
	CHECK_EQ(attr(1, 4), VT_ATTR_DEFAULT);
	/* cursor position (1-based), clear screen */
	put("\x1b[5;10HQ");
	CHECK_EQ(row(4)[9], 'Q');
	put("\x1b[2J");
	CHECK_STR(row(0), "");
	CHECK_STR(row(4), "");
	/* delete and insert characters, cursor left and right */
	vt_reset(&t);
	put("abcdef\x1b[4D\x1b[2Px\x1b[1@");
	CHECK_STR(row(0), "abx f");
	/* unknown and private sequences vanish, and character sets */
	vt_reset(&t);
	put("a\x1b[?25lb\x1b[6nc\x1b(Bd\x1b" "7e\x1b[38;5;1mf");
	CHECK_STR(row(0), "abcdef");
}

int main(void)
{
	RUN(text_and_controls);
	RUN(wrap_at_the_margin);
	RUN(scrolling_keeps_the_last_lines);
	RUN(escape_sequences);
	return 0;
}
