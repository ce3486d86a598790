// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scancodes into terminal bytes.  The keyboard itself speaks scancode set
 * 2; the 8042 controller translates that into set 1, the IBM PC/XT's,
 * which is simple: one byte per key press ("make"), the same with bit 7
 * set on release ("break"), and an 0xE0 prefix for the keys the XT did not
 * have (the arrow block, right Ctrl and Alt, keypad Enter and /).  Holding
 * a key down repeats its make code, so key repeat needs nothing here.
 *
 * The console is a serial terminal at heart (hv/console.c), so every key
 * becomes what a terminal sends for it: letters and digits with Shift,
 * Caps Lock and Ctrl applied, Enter as CR, Backspace as DEL, the arrows
 * and editing keys as the escape sequences of Linux's console and xterm
 * (ESC [ A for up, ESC [ 3 ~ for Delete), F1-F12 as xterm's, and Alt as an
 * ESC before the key, as xterm's "meta sends escape" does.
 */
#include "drivers/scancode.h"

#define ESC "\x1b"

/* Set-1 make codes 0x00..0x39 on a US keyboard: without and with Shift.
 * 0 is a key that types nothing by itself (a modifier). */
static const char plain[] = "\0" ESC "1234567890-=" "\x7f\t" "qwertyuiop[]" "\r\0"
			    "asdfghjkl;'`" "\0\\" "zxcvbnm,./" "\0*\0 ";
static const char shifted[] = "\0" ESC "!@#$%^&*()_+" "\x7f\t" "QWERTYUIOP{}" "\r\0"
			      "ASDFGHJKL:\"~" "\0|" "ZXCVBNM<>?" "\0*\0 ";
_Static_assert(sizeof(plain) == 0x3A + 1 && sizeof(shifted) == 0x3A + 1,
	       "one entry per make code 0x00..0x39");

/* The keypad with Num Lock on, codes 0x47..0x53. */
static const char keypad[] = "789-456+1230.";

enum {
	SC_LCTRL = 0x1D, SC_LSHIFT = 0x2A, SC_RSHIFT = 0x36, SC_ALT = 0x38,
	SC_CAPS = 0x3A, SC_F1 = 0x3B, SC_F10 = 0x44, SC_NUM = 0x45,
	SC_KP7 = 0x47, SC_KPDOT = 0x53, SC_F11 = 0x57, SC_F12 = 0x58,
	SC_ENTER = 0x1C, SC_SLASH = 0x35,
};

/* The editing block (and the keypad without Num Lock), codes 0x47..0x53. */
static const char *const editing[SC_KPDOT - SC_KP7 + 1] = {
	[0x47 - SC_KP7] = ESC "[1~",	/* Home */
	[0x48 - SC_KP7] = ESC "[A",	/* Up */
	[0x49 - SC_KP7] = ESC "[5~",	/* Page Up */
	[0x4B - SC_KP7] = ESC "[D",	/* Left */
	[0x4D - SC_KP7] = ESC "[C",	/* Right */
	[0x4F - SC_KP7] = ESC "[4~",	/* End */
	[0x50 - SC_KP7] = ESC "[B",	/* Down */
	[0x51 - SC_KP7] = ESC "[6~",	/* Page Down */
	[0x52 - SC_KP7] = ESC "[2~",	/* Insert */
	[0x53 - SC_KP7] = ESC "[3~",	/* Delete */
};

static const char *const function_keys[12] = {
	ESC "OP", ESC "OQ", ESC "OR", ESC "OS", ESC "[15~", ESC "[17~",
	ESC "[18~", ESC "[19~", ESC "[20~", ESC "[21~", ESC "[23~", ESC "[24~",
};

void scancode_reset(struct kbd_state *s)
{
	*s = (struct kbd_state){ .num_lock = true };
}

uint8_t scancode_leds(const struct kbd_state *s)
{
	return (s->caps_lock ? KBD_LED_CAPS : 0) | (s->num_lock ? KBD_LED_NUM : 0);
}

static int copy(uint8_t *out, const char *seq)
{
	int n = 0;

	while (seq[n] && n < SCANCODE_SEQ_MAX) {
		out[n] = (uint8_t)seq[n];
		n++;
	}
	return n;
}

/* What Ctrl does to a character: the control codes of a terminal. */
static uint8_t with_ctrl(uint8_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return c & 0x1F;
	switch (c) {
	case ' ': case '2': case '@': return 0x00;
	case '3': case '[': case '{': return 0x1B;
	case '4': case '\\': case '|': return 0x1C;
	case '5': case ']': case '}': return 0x1D;
	case '6': case '^': case '~': return 0x1E;
	case '7': case '-': case '_': case '/': case '?': return 0x1F;
	case '8': return 0x7F;
	case 0x7F: return 0x08;	/* Ctrl-Backspace */
	default: return c;
	}
}

/* A key that types a character: modifiers applied, Alt as an ESC first. */
static int character(const struct kbd_state *s, uint8_t c, uint8_t *out)
{
	int n = 0;

	if (s->alt_l || s->alt_r)
		out[n++] = 0x1B;
	if (s->ctrl_l || s->ctrl_r)
		c = with_ctrl(c);
	out[n++] = c;
	return n;
}

/* Shift, Ctrl, Alt; true if code was one of them (pressed or released). */
static bool modifier(struct kbd_state *s, uint8_t key, bool down, bool e0)
{
	switch (key) {
	case SC_LSHIFT: case SC_RSHIFT:
		/* With 0xE0 these are the "fake shifts" some keyboards wrap
		 * around the editing keys: not a Shift at all. */
		if (!e0)
			*(key == SC_LSHIFT ? &s->shift_l : &s->shift_r) = down;
		return true;
	case SC_LCTRL:
		*(e0 ? &s->ctrl_r : &s->ctrl_l) = down;
		return true;
	case SC_ALT:
		*(e0 ? &s->alt_r : &s->alt_l) = down;
		return true;
	}
	return false;
}

/* Caps Lock and Num Lock toggle when pressed, not when they repeat. */
static bool lock_key(struct kbd_state *s, uint8_t key, bool down)
{
	bool *lock, *held;

	if (key == SC_CAPS) {
		lock = &s->caps_lock;
		held = &s->caps_held;
	} else if (key == SC_NUM) {
		lock = &s->num_lock;
		held = &s->num_held;
	} else {
		return false;
	}
	if (down && !*held)
		*lock = !*lock;
	*held = down;
	return true;
}

int scancode_feed(struct kbd_state *s, uint8_t code, uint8_t out[SCANCODE_SEQ_MAX])
{
	bool e0 = s->e0;
	bool down = !(code & 0x80);
	uint8_t key = code & 0x7F;

	s->e0 = false;
	if (s->skip) {		/* the rest of Pause: E1 1D 45 E1 9D C5 */
		s->skip--;
		return 0;
	}
	if (code == 0xE0) {
		s->e0 = true;
		return 0;
	}
	if (code == 0xE1) {
		s->skip = 5;
		return 0;
	}
	/* The controller's and keyboard's own replies: ACK, resend, echo,
	 * errors.  (0xAA, the self-test pass, is also Left Shift's release,
	 * which is harmless.) */
	if (!e0 && (code == 0xFA || code == 0xFE || code == 0xEE || code == 0x00 || code == 0xFF))
		return 0;
	if (modifier(s, key, down, e0) || (!e0 && lock_key(s, key, down)) || !down)
		return 0;

	if (e0) {
		if (key == SC_ENTER)
			return character(s, '\r', out);
		if (key == SC_SLASH)
			return character(s, '/', out);
		if (key >= SC_KP7 && key <= SC_KPDOT && editing[key - SC_KP7])
			return copy(out, editing[key - SC_KP7]);
		return 0;	/* Windows keys, Print Screen, media keys */
	}
	if (key >= SC_F1 && key <= SC_F10)
		return copy(out, function_keys[key - SC_F1]);
	if (key == SC_F11 || key == SC_F12)
		return copy(out, function_keys[key == SC_F11 ? 10 : 11]);
	if (key >= SC_KP7 && key <= SC_KPDOT) {
		char c = keypad[key - SC_KP7];
		if (s->num_lock || c == '-' || c == '+')
			return character(s, (uint8_t)c, out);
		return editing[key - SC_KP7] ? copy(out, editing[key - SC_KP7]) : 0;
	}
	if (key >= sizeof(plain) - 1 || !plain[key])
		return 0;
	bool shift = s->shift_l || s->shift_r;
	uint8_t c = (uint8_t)plain[key];
	if (c >= 'a' && c <= 'z')
		shift ^= s->caps_lock;
	return character(s, shift ? (uint8_t)shifted[key] : c, out);
}
