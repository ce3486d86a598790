#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a bootable GRUB rescue image (BIOS) with the hypervisor and any
# modules, and a grub.cfg with two entries: the console on COM1 (the
# default), and the console on the screen and keyboard.
#
#   scripts/mkiso.sh OUT.iso build/hv.elf ["path/to/module [module args]" ...]
#
# Environment: ISO_PROTOCOL=multiboot|multiboot2 (default multiboot2),
# ISO_CMDLINE (the hypervisor's options, default "console=com1"),
# ISO_SCREEN_CMDLINE (the screen entry's, default ISO_CMDLINE with its
# console= made console=vga), ISO_TIMEOUT (GRUB menu seconds, default 2).
set -euo pipefail

out=$1 hv=$2
shift 2
proto=${ISO_PROTOCOL:-multiboot2}
cmdline=${ISO_CMDLINE:-console=com1}
timeout=${ISO_TIMEOUT:-2}
screen_default=$(printf '%s\n' "$cmdline" | sed -E 's/(^| )console=[^ ]*/\1console=vga/')
case " $screen_default " in *" console=vga "*) ;; *) screen_default="$screen_default console=vga" ;; esac
screen_cmdline=${ISO_SCREEN_CMDLINE:-$screen_default}
case "$proto" in
multiboot) module_cmd=module ;;
multiboot2) module_cmd=module2 ;;
*) echo "mkiso: ISO_PROTOCOL must be multiboot or multiboot2" >&2; exit 2 ;;
esac

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$hv" "$root/boot/hv.elf"

modules=""
for spec in "$@"; do
	path=${spec%% *}
	args=""
	[ "$spec" != "$path" ] && args=" ${spec#* }"
	name=$(basename "$path")
	[ -f "$path" ] || { echo "mkiso: no such module file: $path" >&2; exit 2; }
	cp "$path" "$root/boot/$name"
	modules="$modules	$module_cmd /boot/$name $name$args
"
done

cat > "$root/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1
terminal_input serial console
terminal_output serial console
set timeout=$timeout
set default=0

menuentry "lghv hypervisor ($proto)" {
	$proto /boot/hv.elf $cmdline
$modules	boot
}

menuentry "lghv hypervisor, console on the screen ($proto)" {
	set gfxpayload=text
	$proto /boot/hv.elf $screen_cmdline
$modules	boot
}
CFG

grub-mkrescue -o "$out" "$root" >/dev/null 2>"$root.log" || {
	cat "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
