#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A second, tiny initramfs for what Debian's static busybox (the main
# initramfs, mkinitramfs.sh) cannot run on:
#  - kernels before 2.6.29, which pass no AT_RANDOM: busybox's C library
#    reads it at start-up and init dies at once;
#  - guests on a 486 or Pentium: that busybox is built for the i686 and
#    dies on its first cmov.
# klibc (packages klibc-utils:i386 and libklibc:i386, downloaded with apt
# and unpacked, never installed) needs neither and is built for the i386.
# Its shell is dash; /init mounts /proc and /dev (devtmpfs from 2.6.32,
# else the few device nodes it needs, made by hand) and gives a shell on
# hvc0 with the same prompt as the main initramfs.
#
# With `lgbench` on the kernel command line it runs /bin/lgbench instead
# (make bench), as the main initramfs does.
#
#   scripts/mkinitramfs-klibc.sh OUT BUILD_DIR [program ...]
set -euo pipefail

out=$1 build=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$build/klibc"

if [ ! -x "$cache/root/usr/lib/klibc/bin/sh" ]; then
	for pkg in klibc-utils libklibc; do
		dpkg-deb -x "$("$here/scripts/i386-deb.sh" $pkg "$cache")" "$cache/root"
	done
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,lib,proc,sys,dev,tmp}
cp "$cache"/root/usr/lib/klibc/bin/* "$root/bin/"
cp "$cache"/root/lib/klibc-*.so "$root/lib/"
for prog in "$@"; do
	cp "$prog" "$root/bin/"
done
cat > "$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
if ! mount -t devtmpfs devtmpfs /dev 2>/dev/null; then
	# Before 2.6.32: the virtio console is hvc0 (major 229) everywhere,
	# the disks are where /proc/partitions says.
	for n in "hvc0 c 229 0" "null c 1 3" "zero c 1 5" "tty c 5 0" "hwrng c 10 183"; do
		set -- $n
		[ -e "/dev/$1" ] || mknod "/dev/$1" "$2" "$3" "$4"
	done
	while read -r major minor _ name; do
		case $name in [hsv]d*) [ -e "/dev/$name" ] || mknod "/dev/$name" b "$major" "$minor" ;; esac
	done </proc/partitions
fi
read -r cmdline </proc/cmdline
case " $cmdline " in
*" lgbench "*)
	read -r up _ </proc/uptime
	{
		echo "lgbench: boot_to_init $up s"
		[ -x /bin/lgbench ] && /bin/lgbench
	} >/dev/console 2>&1
	poweroff -f ;;
esac
echo "lghv initramfs-klibc: klibc sh on $(uname -r)" > /dev/hvc0
export PS1='guest:/# '
exec sh -i < /dev/hvc0 > /dev/hvc0 2>&1
INIT
chmod +x "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc --owner=0:0 --quiet) > "$root.cpio"
gzip -9 -n < "$root.cpio" > "$out"
rm -f "$root.cpio"
echo "initramfs-klibc: $out ($(stat -c %s "$out") bytes)"
