/* SPDX-License-Identifier: GPL-2.0-only */
/* The pair of 8259A interrupt controllers that route ISA IRQs 0..15. */
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

#include <stdint.h>
#include <stdbool.h>

#define PIC_VECTOR_BASE 0x20	/* IRQ n arrives on vector 0x20 + n */

/* Remaps the PICs off the CPU exception vectors and masks every line. */
void pic_init(void);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
/* True if this IRQ 7 or 15 was spurious (no EOI must be sent then, except
 * to the master for a spurious IRQ 15, which pic_is_spurious does). */
bool pic_is_spurious(unsigned irq);
void pic_eoi(unsigned irq);

#endif
