// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8259A pair.  The BIOS leaves IRQs 0..7 on vectors 8..15, on top of
 * the CPU's exceptions; we move them to 0x20..0x2F.  Lines stay masked
 * until a driver asks for one.
 */
#include "drivers/pic.h"
#include "cpu/x86.h"

#define MASTER_CMD 0x20
#define MASTER_DATA 0x21
#define SLAVE_CMD 0xA0
#define SLAVE_DATA 0xA1
#define CASCADE_IRQ 2

static uint16_t mask = 0xFFFF;

static void write_mask(void)
{
	outb(MASTER_DATA, mask & 0xFF);
	outb(SLAVE_DATA, mask >> 8);
}

void pic_init(void)
{
	outb(MASTER_CMD, 0x11);	/* ICW1: edge, cascade, ICW4 follows */
	io_delay();
	outb(SLAVE_CMD, 0x11);
	io_delay();
	outb(MASTER_DATA, PIC_VECTOR_BASE);	/* ICW2: vector base */
	io_delay();
	outb(SLAVE_DATA, PIC_VECTOR_BASE + 8);
	io_delay();
	outb(MASTER_DATA, 1u << CASCADE_IRQ);	/* ICW3: slave on IRQ 2 */
	io_delay();
	outb(SLAVE_DATA, CASCADE_IRQ);
	io_delay();
	outb(MASTER_DATA, 0x01);	/* ICW4: 8086 mode, normal EOI */
	io_delay();
	outb(SLAVE_DATA, 0x01);
	io_delay();
	mask = 0xFFFF & ~(1u << CASCADE_IRQ);
	write_mask();
}

void pic_unmask(unsigned irq)
{
	mask &= ~(1u << irq);
	write_mask();
}

void pic_mask(unsigned irq)
{
	mask |= 1u << irq;
	write_mask();
}

static uint16_t read_isr(void)
{
	outb(MASTER_CMD, 0x0B);
	outb(SLAVE_CMD, 0x0B);
	return (uint16_t)(inb(MASTER_CMD) | (inb(SLAVE_CMD) << 8));
}

bool pic_is_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	if (read_isr() & (1u << irq))
		return false;
	if (irq == 15)
		outb(MASTER_CMD, 0x20);	/* the master did see the cascade */
	return true;
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(SLAVE_CMD, 0x20);
	outb(MASTER_CMD, 0x20);
}
