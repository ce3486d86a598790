/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's GDT, TLS entries and IDT: what it asks for, made safe. */
#ifndef HV_DESCRIPTORS_H
#define HV_DESCRIPTORS_H

#include "hv/guest.h"
#include "hv/desc_rules.h"

/* The boot GDT (flat ring-1 code and data at 12/13) and an IDT with no
 * guest gates; fills the real tables in the read-only page. */
void desc_init_guest(struct guest *g);
void desc_load_gdt_entry(struct guest *g, uint32_t index, uint32_t lo, uint32_t hi);
/* LOAD_GDT (up to 2.6.29): the first `entries` entries from the table at gpa. */
void desc_load_gdt(struct guest *g, uint32_t gpa, uint32_t entries);
void desc_load_tls(struct guest *g, uint32_t gpa);
void desc_load_idt_entry(struct guest *g, uint32_t vector, uint32_t lo, uint32_t hi);
/* Just before entering: the TSS descriptor made non-busy, and the saved
 * selectors checked against the GDT as it is now (the guest may have
 * changed an entry a loaded selector refers to).  False if the guest had
 * to be killed. */
bool desc_prepare_entry(struct guest *g);
/* After g->cpu changed: the TSS entry for the new CPU's switcher slot. */
void desc_cpu_moved(struct guest *g);
/* Whether vector may go straight to the guest (a "direct trap"). */
bool desc_direct_vector(const struct guest *g, uint32_t vector);

#endif
