#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Makes sure the Debian packages the build and the tests need are present.
# `make run` and `make test` call this first, so the README's two commands
# work on a fresh Debian machine: as root we install what is missing; as
# anyone else we print the exact apt-get line and stop.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have nasm || need+=(nasm)
have i686-elf-gcc || have i686-linux-gnu-gcc || need+=(gcc-i686-linux-gnu)
[ -f /usr/include/multiboot/multiboot.h ] || need+=(multiboot)
# <linux/virtio_ring.h> and its <asm/...> headers for an i386 target
[ -f /usr/i686-linux-gnu/include/asm/types.h ] || need+=(linux-libc-dev-i386-cross)
have gcc || need+=(gcc)
have make || need+=(make)
have python3 || need+=(python3)
have qemu-system-i386 || need+=(qemu-system-x86)
have grub-mkrescue || need+=(grub-common)
[ -d /usr/lib/grub/i386-pc ] || need+=(grub-pc-bin)
have xorriso || need+=(xorriso)
have mformat || need+=(mtools)
have cpio || need+=(cpio)
have gzip || need+=(gzip)
# Disk images for the disk tests: mke2fs -d and debugfs.
{ have mke2fs || [ -x /sbin/mke2fs ]; } && { have debugfs || [ -x /sbin/debugfs ]; } || need+=(e2fsprogs)
# grub-mkrescue on Debian also wants the BIOS boot image's font-free defaults
# and nothing else; grub-file comes with grub-common.

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages; please run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
	exit 1
fi
echo "installing missing packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${need[@]}" >&2
