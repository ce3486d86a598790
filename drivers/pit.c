// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channel 2's gate and output are wired to port 0x61 (they drove the PC
 * speaker), so we can start a countdown and watch it end without any
 * interrupt: the classic way to learn the TSC's frequency.  On a CPU with
 * no TSC the same channel runs free instead, and its count is the clock.
 */
#include "drivers/pit.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20

uint64_t pit_measure_tsc(uint32_t ms)
{
	uint32_t latch = PIT_HZ * ms / 1000;
	uint64_t t0, t1;

	if (latch > 0xFFFF)
		latch = 0xFFFF;
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_CMD, 0xB0);	/* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, latch & 0xFF);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		;
	t1 = rdtsc();
	outb(PORT_B, inb(PORT_B) & ~PORT_B_GATE2);
	/* Scale back in case the latch was clipped. */
	return (t1 - t0) * (PIT_HZ * ms / 1000) / latch;
}

void pit_oneshot(uint16_t ticks)
{
	outb(PIT_CMD, 0x30);	/* channel 0, lo/hi byte, mode 0 */
	outb(PIT_CH0, ticks & 0xFF);
	outb(PIT_CH0, ticks >> 8);
}

void pit_stop(void)
{
	/* Mode 0 with a count written but no second byte: the counter
	 * waits, and its output stays low, so no interrupt comes. */
	outb(PIT_CMD, 0x30);
	outb(PIT_CH0, 0);
}

void pit_counter_start(void)
{
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_CMD, 0xB4);	/* channel 2, lo/hi byte, mode 2, binary */
	outb(PIT_CH2, 0);	/* a count of 0 means 65536 */
	outb(PIT_CH2, 0);
}

uint16_t pit_counter_read(void)
{
	uint16_t count;

	outb(PIT_CMD, 0x80);	/* latch channel 2's count */
	count = inb(PIT_CH2);
	count |= (uint16_t)(inb(PIT_CH2) << 8);
	return count;
}

/* The cycle counter where there is one; else channel 2's count, whose
 * low bits still wander against the time an I/O read takes. */
static uint32_t cycles(void)
{
	return cpu.tsc ? (uint32_t)rdtsc() : pit_counter_read();
}

void pit_jitter(uint32_t *out, int n)
{
	for (int i = 0; i < n; i++) {
		uint32_t t0 = cycles();
		outb(PIT_CMD, 0x00);	/* latch channel 0's count; counting goes on */
		uint32_t count = inb(PIT_CH0);
		count |= (uint32_t)inb(PIT_CH0) << 8;
		out[i] = (cycles() - t0) ^ count << 16;
	}
}
