# SPDX-License-Identifier: GPL-2.0-only
#
# Builds build/hv.elf (the hypervisor image), build/lghv.iso (a GRUB rescue
# image), and runs the tests.  `make run` and `make test` install missing
# Debian packages first (scripts/ensure-deps.sh).

# A bare-metal cross compiler if there is one, else Debian's i686 Linux one:
# both produce plain 32-bit ELF; we pass every flag that matters ourselves.
CROSS ?= $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-,i686-linux-gnu-)
CC      := $(CROSS)gcc
NASM    ?= nasm
HOSTCC  ?= gcc
QEMU    ?= qemu-system-i386
PYTHON  ?= python3

B := build

# -flto: the exit path crosses many small files (run loop, hypercalls,
# shadow tables, page-table rules); whole-program optimisation inlines
# across them, a sixth off every exit.  The link gets CFLAGS too, since
# the code is generated there.  A compiler without LTO builds without it.
# -march=i486: the image must run on every CPU from the 486 on (no cmov,
# no cmpxchg8b); -mtune=generic still schedules for today's processors.
LTO := $(shell echo 'int x;' | $(CC) -m32 -flto=auto -x c -c - -o /dev/null 2>/dev/null && \
	echo -flto=auto)
CFLAGS := -std=gnu11 -O2 $(LTO) -g -m32 -march=i486 -mtune=generic -ffreestanding -nostdlib \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-mgeneral-regs-only -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -I. -I$(B)/sysinc
LDFLAGS := -m32 -nostdlib -no-pie -static -Wl,--build-id=none -Wl,-T,linker.ld \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name)
NASMFLAGS := -f elf32 -g -I./ -I$(B)/

# Every folder of the image; tests/ is built separately.
SRCDIRS := boot cpu drivers hv hv/devices lib mm switcher guest-abi
CSRCS   := $(foreach d,$(SRCDIRS),$(wildcard $(d)/*.c))
ASRCS   := $(foreach d,$(SRCDIRS),$(wildcard $(d)/*.asm))
OBJS    := $(patsubst %.c,$(B)/%.o,$(CSRCS)) $(patsubst %.asm,$(B)/%.o,$(ASRCS))

.PHONY: all iso run debug test unit integration clean deps
all: deps $(B)/hv.elf

deps:
	@scripts/ensure-deps.sh

# System headers come through a private include root, so that nothing else
# of the build machine's /usr/include leaks in (and a bare-metal
# i686-elf-gcc finds them too): the Multiboot 1 header from Debian's
# `multiboot` package as <multiboot/multiboot.h>, and the virtio UAPI
# (<linux/virtio_ring.h> with the <asm/...> it needs) for an i386 target
# from `linux-libc-dev-i386-cross`.
UAPI_I386 := /usr/i686-linux-gnu/include
SYSINC := $(B)/sysinc/.linked
$(SYSINC): | deps
	@mkdir -p $(B)/sysinc
	@ln -sfn /usr/include/multiboot $(B)/sysinc/multiboot
	@for d in linux asm asm-generic; do ln -sfn $(UAPI_I386)/$$d $(B)/sysinc/$$d; done
	@touch $@

# (Makefile: a change of flags, -march say, rebuilds everything)
$(B)/%.o: %.c Makefile | $(SYSINC)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# NASM reads the switcher's layout from the same header C does.
$(B)/switcher/layout.inc: switcher/layout.h
	@mkdir -p $(dir $@)
	@sed -n 's/^#define \([A-Z_0-9]*\) \([^/]*\).*/\1 equ \2/p' $< | grep -v '_H equ' > $@

$(B)/%.o: %.asm $(B)/switcher/layout.inc | deps
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) -MD $(B)/$*.d -MP $< -o $@

$(B)/hv.elf: $(OBJS) linker.ld
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $(OBJS) $(LIBGCC) -o $@

# --- GRUB rescue image ---------------------------------------------------
ISO_MODULES ?=
$(B)/lghv.iso: $(B)/hv.elf scripts/mkiso.sh
	scripts/mkiso.sh $@ $(B)/hv.elf $(ISO_MODULES)
iso: $(B)/lghv.iso

# --- the guests' initramfs (busybox from Debian, plus our programs) ------
# Two: busybox (glibc, i686) for 2.6.29 and later, klibc for older kernels
# and 486-class CPUs; the tests pick one by the kernel's version.
.PHONY: initramfs
initramfs: $(B)/initramfs.gz $(B)/initramfs-klibc.gz
$(B)/initramfs.gz: scripts/mkinitramfs.sh scripts/i386-deb.sh $(wildcard initramfs/*)
	scripts/mkinitramfs.sh $@ $(B)
# For guests on a 486 or Pentium (busybox above needs an i686): klibc.
.PHONY: initramfs-klibc
initramfs-klibc: $(B)/initramfs-klibc.gz
$(B)/initramfs-klibc.gz: scripts/mkinitramfs-klibc.sh scripts/i386-deb.sh initramfs/devnodes
	scripts/mkinitramfs-klibc.sh $@ $(B)

# The same tree as an ext2 root disk (root=/dev/vda rw), whole and as the
# first partition of an MBR disk: for the real-kernel disk tests.
.PHONY: rootdisks
rootdisks: $(B)/rootdisk.img $(B)/rootdisk-mbr.img
$(B)/rootdisk.img: scripts/mkrootdisk.sh scripts/mkinitramfs.sh $(wildcard initramfs/*)
	scripts/mkrootdisk.sh $@ 8M $(B)
$(B)/rootdisk-mbr.img: scripts/mkrootdisk.sh scripts/mkinitramfs.sh $(wildcard initramfs/*)
	scripts/mkrootdisk.sh --mbr $@ 8M $(B)

# --- running --------------------------------------------------------------
# `make run` boots the hypervisor with a small test guest that echoes what
# you type on its virtio console; `make run GUEST=path/to/bzImage` boots that
# Linux kernel instead, with the project's initramfs for its version (GUEST_MEM and
# GUEST_APPEND adjust it).  `make run DISPLAY_CONSOLE=1` opens QEMU's
# window instead: the console is its screen and keyboard (console=vga),
# and COM1 stays on this terminal.
QEMU_MEM ?= 256
QEMU_CPUS ?= 2
DISPLAY_CONSOLE ?=
HV_CMDLINE ?= $(if $(DISPLAY_CONSOLE),console=vga,console=com1)
QEMU_IO = $(if $(DISPLAY_CONSOLE),-serial stdio,-nographic)
GUEST ?=
GUEST_MEM ?= 64M
GUEST_APPEND ?=
DEFAULT_GUEST = -initrd "$(B)/guests/lgtest-g7.elf name=echo mem=32M -- lgtest=vecho"
comma := ,
GUEST_INITRD = $(if $(GUEST),$(shell scripts/initramfs-for.sh $(GUEST) $(B)))
LINUX_GUEST = -initrd "$(GUEST) name=linux mem=$(GUEST_MEM) -- console=hvc0 $(GUEST_APPEND)$(comma)$(GUEST_INITRD)"
GUEST_MODULES = $(if $(GUEST),$(LINUX_GUEST),$(DEFAULT_GUEST))
QEMU_RUN = $(QEMU) -m $(QEMU_MEM) -smp $(QEMU_CPUS) $(QEMU_IO) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel $(B)/hv.elf -append "$(HV_CMDLINE)" $(GUEST_MODULES)

run: deps all $(if $(GUEST),initramfs,guests)
	$(QEMU_RUN) ; true

# Waits for gdb on :1234 (gdb build/hv.elf -ex 'target remote :1234').
debug: deps all $(if $(GUEST),initramfs,guests)
	$(QEMU_RUN) -s -S ; true

# --- tests ----------------------------------------------------------------
# Test guests (tests/guests/guests.mk defines the `guests` target).
-include tests/guests/guests.mk

test: deps all guests
	$(PYTHON) tests/run.py

unit: deps
	$(PYTHON) tests/run.py --only unit

integration: deps all guests
	$(PYTHON) tests/run.py --only integration

# Benchmarks (not part of make test): LGUEST_LINUX=path/bzImage make bench
# (BENCH_ARGS="--only parallel" or "--only ratios": one part of it)
.PHONY: bench
bench: deps all
	@command -v gnuplot >/dev/null || [ "$$(id -u)" -ne 0 ] || apt-get install -y -q gnuplot-nox >/dev/null || true
	$(PYTHON) tests/bench/run.py $(BENCH_ARGS)

# libFuzzer over the pure parsers and walkers (clang-14, libfuzzer-14-dev)
.PHONY: fuzz-host
fuzz-host: deps
	@command -v clang-14 >/dev/null && [ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] || \
		{ [ "$$(id -u)" -eq 0 ] && apt-get install -y -q clang-14 libfuzzer-14-dev >/dev/null; } || \
		{ echo "make fuzz-host needs: apt-get install clang-14 libfuzzer-14-dev"; exit 1; }
	scripts/fuzz-host.sh

# The fuzzing guest: seeded random hypercalls, ring entries, page tables,
# descriptors and vrings beside a benign guest (FUZZ_SEEDS, FUZZ_CALLS).
.PHONY: fuzz
fuzz: deps all guests
	$(PYTHON) tests/fuzzguest/run.py

# Four guests streaming known bytes through their consoles for SOAK_SECONDS
# (default 600); every byte checked (LGUEST_LINUX: real kernels instead).
.PHONY: soak
soak: deps all guests
	$(PYTHON) tests/soak/run.py

clean:
	rm -rf $(B)

-include $(OBJS:.o=.d)
