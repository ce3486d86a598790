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
# Its shell is dash; /init mounts /proc and /dev (initramfs/devnodes, as
# the main initramfs does) and gives a shell on
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
mkdir -p "$root"/{bin,lib,etc,proc,sys,dev,tmp}
cp "$here/initramfs/devnodes" "$root/etc/devnodes"
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
. /etc/devnodes
mount_dev
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
