#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds an ext2 root disk image for Linux guests: the very file tree of
# the initramfs (scripts/mkinitramfs.sh --tree: busybox init, the shell on
# hvc0, the programs named), so a guest booted with `root=/dev/vda rw`
# instead of an initramfs comes up the same way.  Made with mke2fs -d
# (e2fsprogs): no loop mount, no root needed.  Used by the real-kernel disk
# tests and by make bench.
#
#   scripts/mkrootdisk.sh [--mbr] OUT.img SIZE BUILD_DIR [program ...]
#
# SIZE is the whole image (mke2fs units: 16M, 8192k).  With --mbr the image
# gets a classic MBR with one Linux partition (type 0x83) from 1 MiB to the
# end, and the file system is in that partition (disk=hdNp1; read it on the
# host with debugfs 'OUT.img?offset=1048576').
set -euo pipefail

mbr=
[ "${1:-}" = --mbr ] && { mbr=1; shift; }
out=$1 size=$2 build=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
command -v mke2fs >/dev/null || PATH=$PATH:/sbin:/usr/sbin
command -v mke2fs >/dev/null || { echo "mkrootdisk: needs mke2fs (apt-get install e2fsprogs)" >&2; exit 1; }

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
"$here/scripts/mkinitramfs.sh" --tree "$tree/root" "$build" "$@"

rm -f "$out"
truncate -s "$size" "$out"
bytes=$(stat -c %s "$out")
if [ -z "$mbr" ]; then
	mke2fs -q -t ext2 -m 0 -L lghv-root -d "$tree/root" -F "$out"
else
	start=2048	# sectors: 1 MiB, where partitioning tools put the first one
	sectors=$((bytes / 512 - start))
	mke2fs -q -t ext2 -m 0 -L lghv-root -d "$tree/root" -E offset=$((start * 512)) \
		-F "$out" $((sectors / 2))k
	# The partition entry at 446: not bootable; CHS fields "beyond 1024
	# cylinders" (fe ff ff), as tools write for LBA-only partitions; type
	# 0x83; then first sector and length, little-endian 32-bit.
	le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
	printf "\\x00\\xfe\\xff\\xff\\x83\\xfe\\xff\\xff$(le32 $start)$(le32 $sectors)" |
		dd of="$out" bs=1 seek=446 conv=notrunc status=none
	printf '\x55\xaa' | dd of="$out" bs=1 seek=510 conv=notrunc status=none
fi
echo "rootdisk: $out ($bytes bytes${mbr:+, MBR partition 1 from sector 2048})"
