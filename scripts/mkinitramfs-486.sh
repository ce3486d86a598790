#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A second, tiny initramfs for guests on a 486 or Pentium: Debian's i386
# busybox (mkinitramfs.sh) is built for the i686 and dies there on its
# first cmov, but klibc (packages klibc-utils:i386 and libklibc:i386,
# downloaded with apt and unpacked, never installed) is built for the
# i386 itself.  Its shell is dash; /init mounts /proc and /dev and gives
# a shell on hvc0 with the same prompt as the main initramfs.
#
#   scripts/mkinitramfs-486.sh OUT BUILD_DIR
set -euo pipefail

out=$1 build=$2
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$build/klibc"

if [ ! -x "$cache/root/usr/lib/klibc/bin/sh" ]; then
	for pkg in klibc-utils libklibc; do
		dpkg-deb -x "$("$here/scripts/i386-deb.sh" $pkg "$cache")" "$cache/root"
	done
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,lib,proc,dev,tmp}
cp "$cache"/root/usr/lib/klibc/bin/* "$root/bin/"
cp "$cache"/root/lib/klibc-*.so "$root/lib/"
cat > "$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
echo "lghv initramfs-486: klibc sh on $(uname -r)" > /dev/hvc0
export PS1='guest:/# '
exec sh -i < /dev/hvc0 > /dev/hvc0 2>&1
INIT
chmod +x "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc --owner=0:0 --quiet) > "$root.cpio"
gzip -9 -n < "$root.cpio" > "$out"
rm -f "$root.cpio"
echo "initramfs-486: $out ($(stat -c %s "$out") bytes)"
