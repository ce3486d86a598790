# SPDX-License-Identifier: GPL-2.0-only
#
# The test guests (tests/guests/): one source tree, compiled once per
# lguest ABI generation into a Linux-like vmlinux ELF each:
#   build/guests/lgtest-g1.elf   "Linux version 2.6.24-lgtest"  (TLV devices, CRASH)
#   build/guests/lgtest-g2.elf   "Linux version 2.6.27-lgtest"  (guest copies boot PDEs)
#   build/guests/lgtest-g3.elf   "Linux version 2.6.29-lgtest"  (host boot tables, LOAD_GDT)
#   build/guests/lgtest-g4.elf   "Linux version 2.6.30-lgtest"  (vmcall, 16-byte records)
#   build/guests/lgtest-g5.elf   "Linux version 2.6.32-lgtest"  (vmcall)
#   build/guests/lgtest-g6.elf   "Linux version 2.6.35-lgtest"  (int $0x1f)
#   build/guests/lgtest-g7.elf   "Linux version 3.10.0-lgtest"  (linear boot)
#   build/guests/lgtest-g8.elf   "Linux version 4.0.0-lgtest"   (virtio-PCI)
#   build/guests/lgtest-g9.elf   "Linux version 4.4.0-lgtest"   (noirq_iret)
#   build/guests/lgtest-g10.elf  "Linux version 4.13.0-lgtest"  (no LHCALL_TS)
# Included by the top-level Makefile, which provides CC, B and friends.

GUEST_DIR := tests/guests
GUEST_OUT := $(B)/guests
GUEST_GENS := 1 2 3 4 5 6 7 8 9 10

# i486, as the hypervisor: the guests run natively at ring 1 on the same CPU.
GUEST_CFLAGS := -std=gnu11 -O2 -g -m32 -march=i486 -mtune=generic -ffreestanding -nostdlib \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing -mgeneral-regs-only \
	-Wall -Wextra -Werror -Wno-unused-parameter -I. -I$(GUEST_DIR)/lib -I$(B)/sysinc
GUEST_LDFLAGS := -m32 -nostdlib -no-pie -static -Wl,--build-id=none \
	-Wl,-T,$(GUEST_DIR)/guest.ld -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

GUEST_SRCS := $(wildcard $(GUEST_DIR)/lib/*.c $(GUEST_DIR)/lib/*.S \
	$(GUEST_DIR)/*.c $(GUEST_DIR)/*.S)
# build/guests/g5/lib/head.o and so on: one object tree per generation.
guest_objs = $(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/g$(1)/%.o,$(basename $(GUEST_SRCS)))

# The hypervisor's own freestanding string routines serve the guests too.
GUEST_SHARED_OBJS := $(B)/lib/string.o

GUEST_ELFS := $(foreach g,$(GUEST_GENS),$(GUEST_OUT)/lgtest-g$(g).elf)

.PHONY: guests
guests: $(GUEST_ELFS)

define guest_gen_rules
$(GUEST_OUT)/g$(1)/%.o: $(GUEST_DIR)/%.c $(GUEST_DIR)/guests.mk | $$(SYSINC)
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$< (G$(1))"
	@$$(CC) $$(GUEST_CFLAGS) -DLG_GEN=$(1) -MMD -MP -c $$< -o $$@

$(GUEST_OUT)/g$(1)/%.o: $(GUEST_DIR)/%.S | $$(SYSINC)
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$< (G$(1))"
	@$$(CC) $$(GUEST_CFLAGS) -DLG_GEN=$(1) -MMD -MP -c $$< -o $$@

$(GUEST_OUT)/lgtest-g$(1).elf: $(call guest_objs,$(1)) $(GUEST_SHARED_OBJS) $(GUEST_DIR)/guest.ld
	@echo "  LD      $$@"
	@$$(CC) $$(GUEST_LDFLAGS) $(call guest_objs,$(1)) $(GUEST_SHARED_OBJS) \
		$$(shell $$(CC) -m32 -print-libgcc-file-name) -o $$@

-include $(patsubst %.o,%.d,$(call guest_objs,$(1)))
endef
$(foreach g,$(GUEST_GENS),$(eval $(call guest_gen_rules,$(g))))
