// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyboard's scancodes (set 1, as the 8042 translates them) into the
 * bytes a serial terminal sends: letters with Shift, Caps Lock and Ctrl,
 * the arrows and editing keys as escape sequences, the 0xE0 keys, Pause
 * and the controller's replies swallowed, key repeat, the lock keys.
 * A wrong byte here is a wrong character in a guest's shell.
 * sources: drivers/scancode.c
 */
#include "check.h"
#include "drivers/scancode.h"

static struct kbd_state kbd;

/* Feeds codes; returns what came out, as a string. */
static const char *keys(const uint8_t *codes, int n)
{
	static char text[256];
	uint8_t seq[SCANCODE_SEQ_MAX];
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		int k = scancode_feed(&kbd, codes[i], seq);
		CHECK(k >= 0 && k <= SCANCODE_SEQ_MAX);
		for (int j = 0; j < k && len + 1 < sizeof(text); j++)
			text[len++] = (char)seq[j];
	}
	text[len] = '\0';
	return text;
}

#define KEYS(...) keys((const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void letters_and_shift(void)
{
	scancode_reset(&kbd);
	/* "hi" press and release, Enter */
	CHECK_STR(KEYS(0x23, 0xA3, 0x17, 0x97, 0x1C, 0x9C), "hi\r");
	/* Left Shift held: "A!", released: "a1" */
	CHECK_STR(KEYS(0x2A, 0x1E, 0x9E, 0x02, 0x82, 0xAA, 0x1E, 0x02), "A!a1");
	/* Right Shift: the punctuation row */
	CHECK_STR(KEYS(0x36, 0x0C, 0x0D, 0x1A, 0x27, 0x28, 0x29, 0x2B, 0x33, 0x35, 0xB6),
		  "_+{:\"~|<?");
	CHECK_STR(KEYS(0x0C, 0x0D, 0x1A, 0x1B, 0x27, 0x28, 0x29, 0x2B, 0x33, 0x34, 0x35, 0x39),
		  "-=[];'`\\,./ ");
	CHECK_STR(KEYS(0x0E, 0x0F, 0x01), "\x7f\t\x1b");
}

static void caps_lock(void)
{
	scancode_reset(&kbd);
	/* Caps Lock toggles on its press, not on its repeats */
	CHECK_STR(KEYS(0x3A, 0x3A, 0x3A, 0xBA, 0x10, 0x02), "Q1");
	CHECK(scancode_leds(&kbd) & KBD_LED_CAPS);
	/* with Shift: lower case letters, shifted digits */
	CHECK_STR(KEYS(0x2A, 0x10, 0x02, 0xAA), "q!");
	CHECK_STR(KEYS(0x3A, 0xBA, 0x10), "q");
	CHECK(!(scancode_leds(&kbd) & KBD_LED_CAPS));
}

static void ctrl_and_alt(void)
{
	scancode_reset(&kbd);
	/* Ctrl-A three times (the console's focus key), Ctrl-C, Ctrl-D */
	CHECK_STR(KEYS(0x1D, 0x1E, 0x9E, 0x1E, 0x9E, 0x1E, 0x9E, 0x2E, 0x20, 0x9D),
		  "\x01\x01\x01\x03\x04");
	/* Right Ctrl (E0 1D) is a Ctrl too; Ctrl-[ is ESC */
	CHECK_STR(KEYS(0xE0, 0x1D, 0x1A, 0xE0, 0x9D, 0x1A), "\x1b[");
	/* Alt sends ESC first; AltGr (E0 38) likewise */
	CHECK_STR(KEYS(0x38, 0x30, 0xB8, 0x30), "\x1b" "bb");
	CHECK_STR(KEYS(0xE0, 0x38, 0x13, 0xE0, 0xB8), "\x1br");
}

static void editing_keys(void)
{
	scancode_reset(&kbd);
	CHECK_STR(KEYS(0xE0, 0x48, 0xE0, 0xC8), "\x1b[A");
	CHECK_STR(KEYS(0xE0, 0x50, 0xE0, 0x4D, 0xE0, 0x4B), "\x1b[B\x1b[C\x1b[D");
	CHECK_STR(KEYS(0xE0, 0x47, 0xE0, 0x4F, 0xE0, 0x52, 0xE0, 0x53, 0xE0, 0x49, 0xE0, 0x51),
		  "\x1b[1~\x1b[4~\x1b[2~\x1b[3~\x1b[5~\x1b[6~");
	/* some keyboards wrap these in "fake shifts" (E0 2A ... E0 AA): no Shift */
	CHECK_STR(KEYS(0xE0, 0x2A, 0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0xAA, 0x1E), "\x1b[Aa");
	/* a real Shift held across the fake release stays held */
	CHECK_STR(KEYS(0x2A, 0xE0, 0xAA, 0x1E, 0xAA, 0x1E), "Aa");
	CHECK_STR(KEYS(0x3B, 0x3E, 0x3F, 0x44, 0x57, 0x58),
		  "\x1bOP\x1bOS\x1b[15~\x1b[21~\x1b[23~\x1b[24~");
}

static void keypad(void)
{
	scancode_reset(&kbd);
	/* Num Lock is on at first: digits */
	CHECK(scancode_leds(&kbd) & KBD_LED_NUM);
	CHECK_STR(KEYS(0x47, 0x4B, 0x52, 0x53, 0x4A, 0x4E, 0x37), "740.-+*");
	CHECK_STR(KEYS(0xE0, 0x35, 0xE0, 0x1C), "/\r");
	/* off: the editing keys */
	CHECK_STR(KEYS(0x45, 0xC5, 0x48, 0x4F, 0x4C, 0x4A), "\x1b[A\x1b[4~-");
	CHECK(!(scancode_leds(&kbd) & KBD_LED_NUM));
}

static void repeat_and_noise(void)
{
	scancode_reset(&kbd);
	/* a held key repeats its make code */
	CHECK_STR(KEYS(0x1F, 0x1F, 0x1F, 0x9F), "sss");
	/* the keyboard's and controller's replies: ACK, resend, echo, errors */
	CHECK_STR(KEYS(0xFA, 0xFE, 0xEE, 0x00, 0xFF, 0x1F), "s");
	/* Pause: E1 1D 45 E1 9D C5, all six swallowed (not a Ctrl) */
	CHECK_STR(KEYS(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x1F), "s");
	CHECK(scancode_leds(&kbd) & KBD_LED_NUM);
	/* releases and unknown keys type nothing */
	CHECK_STR(KEYS(0x9F, 0xE0, 0x5B, 0xE0, 0xDB, 0x54, 0x7F), "");
}

int main(void)
{
	RUN(letters_and_shift);
	RUN(caps_lock);
	RUN(ctrl_and_alt);
	RUN(editing_keys);
	RUN(keypad);
	RUN(repeat_and_noise);
	return 0;
}
