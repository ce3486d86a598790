#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prints the path of Debian package PKG for i386 in folder CACHE,
# downloading it there with apt first if it is not there yet (adding the
# i386 architecture to dpkg, as root, when it is missing).  The package is
# never installed: the initramfs scripts only unpack it.
#
#   scripts/i386-deb.sh PKG CACHE
set -euo pipefail

pkg=$1 cache=$2
mkdir -p "$cache"
deb=$(cd "$cache" && ls "${pkg}"_*_i386.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		[ "$(id -u)" -eq 0 ] || { echo "$0: run as root once: dpkg --add-architecture i386 && apt-get update" >&2; exit 1; }
		dpkg --add-architecture i386
		apt-get update -q >&2 || true
	fi
	(cd "$cache" && apt-get download "$pkg:i386" >&2) || {
		[ "$(id -u)" -eq 0 ] && apt-get update -q >&2 || true
		(cd "$cache" && apt-get download "$pkg:i386" >&2)
	}
	deb=$(cd "$cache" && ls "${pkg}"_*_i386.deb | head -1)
fi
echo "$cache/$deb"
