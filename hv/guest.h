/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest: one Linux kernel with its memory, its virtual CPU (registers in
 * its switcher pages), its virtual interrupts, timer, FPU state and shadow
 * page tables.  Everything the hypervisor knows about a guest is here.
 */
#ifndef HV_GUEST_H
#define HV_GUEST_H

#include <stdint.h>
#include <stdbool.h>
#include "guest-abi/lguest.h"
#include "switcher/switcher.h"
#include "hv/devices/virtio_console.h"
#include "hv/devices/virtio_pci.h"
#include "hv/devices/virtio_blk.h"
#include "hv/devices/virtio_net.h"
#include "hv/devices/virtio_rng.h"
#include "hv/modline.h"

/* Guests at once: a slot each, up to one per boot module (a kernel and
 * its initrd take two).  A slot is only a pointer; the guest itself is
 * allocated when it is created, so memory, not this number, is the limit. */
#define GUEST_SLOTS 64
#define GUEST_NAME_LEN 16
#define SHADOW_PGDIRS 4		/* cached shadow page directories per guest */
#define GUEST_DEVICE_PAGES 64	/* above RAM: device descriptors and vrings */
#define GUEST_VDEVS 12		/* virtio devices a guest may have */
#define GUEST_MAX_DISKS 6	/* of them disks: vda..vdf */
#define GUEST_MAX_NICS 4	/* and network cards: eth0..eth3 */

enum guest_state {
	GUEST_FREE = 0,
	GUEST_RUNNABLE,
	GUEST_HALTED,		/* HALT: waits for an unblocked interrupt */
	GUEST_DEAD,		/* powered off or killed; memory freed */
};

struct shadow_pgdir {
	uint32_t gpgd;		/* guest page directory gpa; 0 = slot unused */
	uint32_t spd;		/* host frame of the shadow page directory */
	bool used;
	/* Bit i: slot i holds a page table of this directory's own (not a
	 * shared kernel one), so that dropping them looks at no other. */
	uint32_t own_slots[32];
};

/* What we count per guest, printed when it ends. */
struct guest_counters {
	uint32_t exits;
	uint32_t exits_by_vector[256];
	uint32_t hcalls[LHCALL_MAX];
	uint32_t async_hcalls;
	uint32_t shadow_fills;
	uint32_t reflected_faults;
	uint32_t irqs_injected;
	uint32_t gp_emulated;
	uint32_t vmcalls_patched;	/* G5 sites rewritten to int $0x1f */
	uint32_t cpu_moves;		/* taken over by an idle CPU (hv/balance.c) */
	/* TSC ticks from its exits to its next entries (under QEMU -icount:
	 * the hypervisor's instructions on its behalf); 0 without a TSC. */
	uint64_t host_ticks;
};

/* Sectors of a real drive that a guest holds (hv/guest_disks.c). */
struct disk_claim {
	bool used;
	bool writable;
	int drive;
	uint64_t start, sectors;
	char name[DISK_NAME_MAX];
};

struct guest {
	int id;
	char name[GUEST_NAME_LEN];
	enum guest_state state;
	const struct lguest_gen *gen;
	char version[64];
	int kernel_module, initrd_module;	/* boot module indexes, -1: none */

	/* Memory: gpa g lives at host physical mem_base + g for g < mem_limit. */
	uint32_t mem_base;
	uint32_t mem_size;	/* RAM, as e820 entry 0 */
	uint32_t mem_limit;	/* RAM plus the lguest device pages above it */
	/* The PCI MMIO window, just above mem_limit (size 0: none). */
	uint32_t mmio_base, mmio_size;

	/* The virtual CPU. */
	uint32_t regs_page, ro_page;	/* host frames mapped in the switcher */
	bool ro_placed;			/* ro has its CPU's parts (run_select) */
	uint32_t exit_tsc;		/* of its last exit in this slice; 0 none */
	struct guest_regs *regs;
	struct switcher_ro *ro;
	struct desc gdt[GDT_ENTRIES];	/* as the guest set them (sanitised) */
	struct desc idt[256];		/* the guest's gates (sanitised) */
	uint32_t ss1, esp1, stack_pages;	/* SET_STACK */
	/* The selectors last found valid, and whether the GDT has changed
	 * since: most entries need no new check (hv/descriptors.c). */
	uint32_t checked_sel[6];
	uint32_t cs_limit;		/* of checked_sel[0]'s segment */
	bool gdt_changed;
	bool ts;			/* virtual CR0.TS */
	uint8_t fpu[512] __attribute__((aligned(16)));

	/* lguest_data. */
	bool initialised;		/* LGUEST_INIT done */
	uint32_t lguest_data;		/* its gpa */
	/* Where it lies for us, once LGUEST_INIT has checked that all of it
	 * is the guest's memory (NULL before): the interrupt fields and the
	 * hypercall ring are read on nearly every exit. */
	uint8_t *ldata;
	/* Bit n: hypercall n may be made now (only LGUEST_INIT before it;
	 * then what the generation has). */
	uint32_t hcalls_ok;
	uint32_t kernel_address, noirq_start, noirq_end, noirq_iret;
	uint32_t next_hcall;

	/* Interrupts and time. */
	uint32_t irqs_pending;		/* bit n: IRQ n waits for delivery */
	uint64_t clock_deadline;	/* clock_now_ns() of the one-shot; 0 none */

	/* Shadow paging. */
	bool linear;			/* 3.1+: gva == gpa until NEW_PGTABLE */
	uint32_t boot_pgdir;		/* host-built boot tables (2.6.29-3.0) */
	struct shadow_pgdir shadows[SHADOW_PGDIRS];
	/* Shadow page tables for the kernel half, shared by every shadow
	 * directory (Linux shares its kernel page tables between all its
	 * page directories, so one shadow of them serves them all). */
	uint32_t kernel_pt[1024];
	int current_shadow;
	uint32_t shadow_frames;		/* frames in use for shadows */
	uint32_t shadow_victim;		/* round-robin eviction */

	/* Virtio devices, in the order the transport shows them, and the
	 * transport's own state: the lguest bus's descriptor addresses, or
	 * the PCI functions (slot i + 1) and the config address register. */
	struct vdev *vdevs[GUEST_VDEVS];
	uint32_t nr_vdevs;
	uint32_t bus_desc[GUEST_VDEVS];
	struct vpci pci[GUEST_VDEVS];
	uint32_t pci_address;

	/* Its disks, vda first; requests left for the run loop. */
	struct vblk disks[GUEST_MAX_DISKS];
	uint32_t nr_disks;
	bool disk_more;

	/* Its network cards, eth0 first; transmit work left for the run loop. */
	struct vnet nets[GUEST_MAX_NICS];
	uint32_t nr_nets;
	bool net_more;

	/* Its entropy device, unless rng=off. */
	struct vrng rng;

	/* The console: the virtio device, where its output goes. */
	struct vcons console;
	int console_port;		/* -1: the shared console; else COM1..4 */
	/* Early-console output arrives a few characters at a time: it is
	 * kept to whole lines so that several guests' boot logs do not mix,
	 * and while complete lines wait for the port the guest does not run
	 * (hv/devices/console_out.c). */
	char early_buf[512];
	uint32_t early_len;
	bool output_blocked;
	bool output_more;		/* console output left for its next exit */

	/* Why mm/ last refused the guest's page tables or memory: mm/
	 * reports, hv/ decides (it kills the guest with this reason). */
	char mm_why[128];

	bool restart_requested;
	bool restart_on_crash;		/* on_crash=restart: a kill restarts it */
	struct guest_counters stats;

	/* What outlives a restart, the loader's: the configuration from its
	 * module line, the lives it had so far (on_crash=restart) and the real
	 * CPU it runs on, and only it (hv/cpus.h).  Kept last: a new life
	 * clears everything before it (guest_reset). */
	struct guest_config config;
	unsigned lives;
	unsigned cpu;
	/* The real disks and partitions it holds (hv/guest_disks.c), kept
	 * through restarts so that it gets them back. */
	struct disk_claim claims[CONFIG_MAX_DISKS];
};

/* The guests, by slot (g->id); NULL: an empty slot.  Read them through
 * guest_at and for_each_guest. */
extern struct guest *guest_slots[GUEST_SLOTS];

/* The guest in slot i, or NULL (empty, or no such slot). */
static inline struct guest *guest_at(int i)
{
	return (unsigned)i < GUEST_SLOTS ? guest_slots[i] : NULL;
}

/* for_each_guest(g) { ... }: every occupied slot, in slot order.  (The
 * if-else form keeps a following else from binding to it.) */
#define for_each_guest(g) \
	for (int g##_slot_ = 0; g##_slot_ < GUEST_SLOTS; g##_slot_++) \
		if (((g) = guest_slots[g##_slot_]) == NULL) {} else

/* The lowest empty slot, or -1 if all are taken. */
int guest_empty_slot(void);
/* A guest for empty slot i, zeroed, from the frame allocator: NULL if
 * there is no memory for it. */
struct guest *guest_slot_new(int i);
/* Gives its slot and its memory back (scrubbed); g must be released. */
void guest_slot_free(struct guest *g);
/* A new life in the same slot: everything before config cleared. */
void guest_reset(struct guest *g);

/* Stops the guest: prints who, why and where, and its counters; the run
 * loop then frees (scrubbed) all it had, and starts it again if it was
 * configured with on_crash=restart.  Safe to call from any handler. */
void guest_kill(struct guest *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "hv: guest NAME: N moves between cpus", if it has moved (hv/balance.c). */
void guest_print_moves(const struct guest *g);
/* A clean end asked for by the guest (SHUTDOWN). */
void guest_power_off(struct guest *g, const char *message);
/* Who hears of a guest that stops (killed or powered off), registered by
 * hv_main so that guest.c calls no device code by name: last_words runs
 * before the hypervisor says why (the guest's pending output goes out
 * first), gone once it is dead (the console input moves its focus on). */
void guest_set_stop_hooks(void (*last_words)(struct guest *g), void (*gone)(struct guest *g));
/* Frees everything the guest holds. */
void guest_release(struct guest *g);

static inline bool guest_alive(const struct guest *g)
{
	return g->state == GUEST_RUNNABLE || g->state == GUEST_HALTED;
}

#endif
