/* SPDX-License-Identifier: GPL-2.0-only */
/* The VGA text screen (80x25 colour text at 0xB8000), knowing nothing of
 * guests: bytes in, as a terminal would show them. */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Whether a text screen answers at 0xB8000 (the contents are kept). */
bool vga_probe(void);
/* Clears the screen and shows the cursor top left. */
void vga_init(void);
/* Text and escape sequences, as drivers/vt.c reads them; shown on the
 * next vga_sync(). */
void vga_write(const uint8_t *buf, size_t len);
/* Copies the changed rows to the screen and moves the cursor. */
void vga_sync(void);

#endif
