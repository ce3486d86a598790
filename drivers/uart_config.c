// SPDX-License-Identifier: GPL-2.0-only
/*
 * Serial port options as text.  Pure logic, shared with the unit tests:
 * the syntax follows Xen's `com1=` so people need not learn a new one.
 */
#include <stddef.h>
#include "drivers/uart.h"

void uart_standard(int index, uint16_t *base, uint8_t *irq)
{
	static const uint16_t bases[UART_MAX_PORTS] = { 0x3F8, 0x2F8, 0x3E8, 0x2E8 };
	static const uint8_t irqs[UART_MAX_PORTS] = { 4, 3, 4, 3 };

	*base = bases[index];
	*irq = irqs[index];
}

void uart_config_default(int index, struct uart_config *cfg)
{
	uart_standard(index, &cfg->base, &cfg->irq);
	cfg->baud = 115200;
	cfg->data_bits = 8;
	cfg->parity = 'n';
	cfg->stop_bits = 1;
}

/* Reads a decimal or 0x-hex number; advances *p past it. */
static bool parse_number(const char **p, uint32_t *out)
{
	const char *s = *p;
	unsigned base = 10;
	uint32_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (;; s++, digits++) {
		unsigned d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
		else break;
		if (v > (0xFFFFFFFFu - d) / base)
			return false;
		v = v * base + d;
	}
	if (!digits)
		return false;
	*p = s;
	*out = v;
	return true;
}

const char *uart_config_parse(const char *text, struct uart_config *cfg)
{
	struct uart_config c = *cfg;
	const char *p = text;
	uint32_t v;

	if (p[0] == 'a' && p[1] == 'u' && p[2] == 't' && p[3] == 'o') {
		c.baud = 0;
		p += 4;
	} else {
		if (!parse_number(&p, &v))
			return "baud rate must be a number or 'auto'";
		if (v < 50 || v > 115200 || 115200 % v)
			return "baud rate must divide 115200 (50..115200)";
		c.baud = v;
	}
	if (*p == ',') {
		p++;
		if (*p < '5' || *p > '8')
			return "data bits must be 5..8";
		c.data_bits = *p++ - '0';
		switch (*p) {
		case 'n': case 'o': case 'e': case 'm': case 's':
			c.parity = *p++;
			break;
		default:
			return "parity must be one of n o e m s";
		}
		if (*p != '1' && *p != '2')
			return "stop bits must be 1 or 2";
		c.stop_bits = *p++ - '0';
		if (*p == ',') {
			p++;
			if (!parse_number(&p, &v) || v == 0 || v > 0xFFF8)
				return "I/O base must be a port number like 0x3f8";
			c.base = (uint16_t)v;
			if (*p == ',') {
				p++;
				if (!parse_number(&p, &v) || v == 0 || v > 15 || v == 2)
					return "IRQ must be 1..15 (not 2)";
				c.irq = (uint8_t)v;
			}
		}
	}
	if (*p != '\0')
		return "unexpected text after the option";
	*cfg = c;
	return NULL;
}
