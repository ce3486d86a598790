#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Which of the two initramfs images suits a guest kernel: prints the path
# of BUILD_DIR/initramfs.gz (busybox, glibc) for Linux 2.6.29 and later,
# or BUILD_DIR/initramfs-klibc.gz for older kernels, whose missing
# AT_RANDOM kills glibc's start-up (see mkinitramfs-klibc.sh).  The version
# is the bzImage's kernel_version string (setup header 0x20E), or the
# "Linux version" banner of a vmlinux.  Make and the tests both ask here.
#
#   scripts/initramfs-for.sh KERNEL BUILD_DIR
set -euo pipefail

kernel=$1 build=$2
version=
if [ "$(od -An -tx1 -j514 -N4 "$kernel" | tr -d ' ')" = 48647253 ]; then	# "HdrS"
	at=$(od -An -tu2 -j526 -N2 "$kernel" | tr -d ' ')
	version=$(dd if="$kernel" bs=1 skip=$((at + 512)) count=32 status=none | tr '\0' ' ' | cut -d' ' -f1)
else
	version=$(grep -a -o -m1 'Linux version [0-9][0-9.]*' "$kernel" | head -1 | cut -d' ' -f3 || true)
fi
IFS=. read -r a b c _ <<<"$version"
c=${c%%[!0-9]*}
if [ "${a:-0}" = 2 ] && [ "${b:-0}" = 6 ] && [ "${c:-0}" -lt 29 ]; then
	echo "$build/initramfs-klibc.gz"
else
	echo "$build/initramfs.gz"
fi
