#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the guests' initramfs: Debian's static i386 busybox (package
# busybox-static:i386, downloaded with apt and unpacked, never installed on
# the host) as /init, with the boot scripts in initramfs/ and the programs
# named on the command line.  With --tree it only writes that file tree
# into the (empty or new) folder OUT: scripts/mkrootdisk.sh makes the same
# tree into an ext2 root disk, so the two roots cannot drift apart.
#
#   scripts/mkinitramfs.sh [--tree] OUT BUILD_DIR [program ...]
set -euo pipefail

tree_only=
[ "${1:-}" = --tree ] && { tree_only=1; shift; }
out=$1 build=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$build/busybox"
mkdir -p "$cache"

if [ ! -x "$cache/bin/busybox" ]; then
	deb=$("$here/scripts/i386-deb.sh" busybox-static "$cache")
	dpkg-deb -x "$deb" "$cache/root"
	mkdir -p "$cache/bin"
	cp "$cache/root/bin/busybox" "$cache/bin/busybox"
fi

if [ -n "$tree_only" ]; then
	root=$out
	mkdir -p "$root"
else
	root=$(mktemp -d)
	trap 'rm -rf "$root"' EXIT
fi
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,usr/bin,usr/sbin}
cp "$cache/bin/busybox" "$root/bin/busybox"
for applet in sh ash ls cat echo mount umount mkdir rm cp mv ln ps kill sleep \
	uname dmesg grep sed tr head tail wc free df du top hostname setsid cttyhack \
	poweroff reboot halt sync date env printf test true false seq vi more \
	mdev stty tty clear find xargs md5sum sha256sum od hexdump time yes dd; do
	ln -s busybox "$root/bin/$applet"
done
ln -s bin/busybox "$root/init"	# busybox runs as init, reading /etc/inittab
ln -s ../bin/busybox "$root/sbin/init"
for f in inittab rc profile shell terminal devnodes; do
	cp "$here/initramfs/$f" "$root/etc/$f"
done
for prog in "$@"; do
	cp "$prog" "$root/bin/"
done
# No device nodes needed: the kernel's built-in initramfs has /dev/console
# and init mounts devtmpfs.
[ -n "$tree_only" ] && exit 0
(cd "$root" && find . | sort | cpio -o -H newc --owner=0:0 --quiet) > "$root.cpio"
gzip -9 -n < "$root.cpio" > "$out"
rm -f "$root.cpio"
echo "initramfs: $out ($(stat -c %s "$out") bytes)"
