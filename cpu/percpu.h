/* SPDX-License-Identifier: GPL-2.0-only */
/* PLACEHOLDER until the CPU bring-up lands: one CPU. */
#ifndef CPU_PERCPU_H
#define CPU_PERCPU_H
#include <stdint.h>
#define MAX_CPUS 8
struct cpu_local { unsigned index; uint32_t apic_id; };
extern struct cpu_local cpu_local0;
static inline struct cpu_local *this_cpu(void) { return &cpu_local0; }
static inline struct cpu_local *cpu_local_of(unsigned i) { (void)i; return &cpu_local0; }
#endif
