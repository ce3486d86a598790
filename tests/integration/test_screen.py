# SPDX-License-Identifier: GPL-2.0-only
"""The screen-and-keyboard console: VGA text and the PS/2 keyboard.

A PC with no serial port has a screen and a keyboard, and everything the
serial console does must work there too.  These tests read the screen
the way a person would look at it -- the VGA text buffer at 0xB8000,
through QEMU's monitor (`xp`) -- and type on the keyboard with the
monitor's `sendkey` (tests/lib/qemu.py).  What they check:

  guest output  with console=vga the hypervisor's messages and the
                labelled output of a guest appear on the screen, keys
                reach the guest with the focus, and nothing goes to COM1
  both          with console=com1,vga the screen shows exactly the last
                lines of the serial transcript (so scrolling keeps the
                last lines, and long lines wrap), and input from either
                reaches the guest
  focus         Ctrl-A three times from the keyboard moves the focus
                between two guests and the hypervisor; the hypervisor's
                commands (help, list, kill) work from the keyboard
  fallback      with console=com1 but no serial port, the screen is the
                console
  own screen    a guest given console=vga on its module line has the
                screen and keyboard to itself, unlabelled; the shared
                console stays on COM1
  grub          the ISO's GRUB menu (scripts/mkiso.sh) offers a screen
                entry; chosen with the arrow key, it boots with the
                console on the screen
  linux         a real Linux guest's shell, typed into through the
                keyboard (with Shift, and an arrow key for its line
                editing), answers on the screen; then powers off

The test guests (tests/guests/, `make guests`) boot in a second; the
Linux test uses a kernel from the guest folder (see test_real_linux.py)
and is skipped without one.
"""
import os
import re
import shutil
import subprocess
import tempfile

from lib.harness import TestFailure, TestSkipped, check
from lib.linux_guests import initrd, one_kernel
from lib.qemu import EXIT_CLEAN, HV_ELF, ROOT, boot_iso, boot_kernel

GUEST_DIR = os.path.join(ROOT, "build", "guests")


def vecho(name, gen=7, options=""):
    path = os.path.join(GUEST_DIR, "lgtest-g%d.elf" % gen)
    if not os.path.exists(path):
        raise TestFailure("%s is missing: run `make guests`" % path)
    return "%s name=%s mem=32M %s-- lgtest=vecho" % (path, name, options + " " if options else "")


def boot(modules, cmdline, **kw):
    return boot_kernel(mem=96 + 48 * len(modules), modules=modules, cmdline=cmdline,
                       screen=True, **kw)


def ctrl_a3(m):
    for _ in range(3):
        m.press("ctrl-a")


def wrapped(lines):
    """Serial lines as the screen shows them: cut into rows of 80."""
    rows = []
    for line in lines:
        rows += [line[i:i + 80] for i in range(0, max(len(line), 1), 80)]
    return [r.rstrip() for r in rows]


def echo_line(m, name, line):
    """Types a line on the keyboard; waits for vecho's answer on the screen."""
    m.type_keys(line + "\n")
    return m.wait_screen(r"\[%s\] echo: %s\n" % (re.escape(name), re.escape(line)), 30)


def vecho_on_screen(name, cmdline, **kw):
    """One vecho guest on the screen: its ready line, a line typed and
    echoed, "quit"; returns the machine and QEMU's exit status."""
    m = boot([vecho(name)], cmdline, **kw)
    try:
        m.wait_screen(r"hv: console focus: guest %s\n" % name, 60)
        m.wait_screen(r"\[%s\] lgtest: vecho: ready\n" % name, 30)
        echo_line(m, name, "Hello, World! (typed)")
        m.type_keys("quit\n")
        status = m.wait_exit(30)
    finally:
        m.kill()
    return m, status


def test_screen_shows_guest_output_and_takes_keys():
    m, status = vecho_on_screen("sg", "console=vga")
    check(m.transcript.strip() == "", "console=vga wrote to COM1: %r" % m.transcript[:200])
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status)


def test_screen_and_serial_show_the_same():
    m = boot([vecho("both")], "console=com1,vga")
    try:
        m.wait_for(r"\[both\] lgtest: vecho: ready\n", 60)
        m.send("from serial\r")
        m.wait_for(r"\[both\] echo: from serial\n", 30)
        m.type_keys("from keys\n")
        m.wait_for(r"\[both\] echo: from keys\n", 30)
        m.wait_screen(r"\[both\] echo: from keys\n", 30)
        # Quiet now (the guest waits for a line): the screen holds the
        # last 24 rows of the transcript, the cursor on an empty 25th.
        out = m.transcript
        screen = m.screen()
        lines = out.split("\n")
        check(len(lines) > 30, "too little output to scroll: %d lines" % len(lines), out)
        want = wrapped(lines[:-1])[-24:] + [""]
        if screen != want:
            raise TestFailure("the screen is not the end of the transcript\n--- screen ---\n%s\n"
                              "--- expected ---\n%s" % ("\n".join(screen), "\n".join(want)))
        check(any(len(l) > 80 for l in lines[-30:]), "no long line was wrapped", out)
        m.send("quit\r")
        status = m.wait_exit(30)
    finally:
        m.kill()
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, m.transcript)


def test_screen_focus_and_hypervisor_commands():
    m = boot([vecho("fa", 5), vecho("fb", 9)], "console=vga")
    try:
        m.wait_screen(r"\[fa\] lgtest: vecho: ready\n", 60)
        m.wait_screen(r"\[fb\] lgtest: vecho: ready\n", 60)
        echo_line(m, "fa", "one")
        ctrl_a3(m)
        m.wait_screen(r"hv: console focus: guest fb\n", 30)
        echo_line(m, "fb", "two")
        ctrl_a3(m)
        m.wait_screen(r"hv: console focus: hypervisor", 30)
        m.type_keys("help\n")
        m.wait_screen(r"hv: commands: list, kill NAME", 30)
        m.type_keys("list\n")
        m.wait_screen(r"hv: fa +(running|idle) +Linux 2\.6\.32-lgtest", 30)
        m.wait_screen(r"hv: fb +(running|idle) +Linux 4\.4\.0-lgtest", 30)
        m.type_keys("kill fa\n")
        m.wait_screen(r"hv: guest fa killed: .*hypervisor console", 30)
        ctrl_a3(m)
        m.wait_screen(r"hv: guest fa killed.*\n(.*\n)*hv: console focus: guest fb\n", 30)
        m.type_keys("quit\n")
        status = m.wait_exit(30)
    finally:
        m.kill()
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status)


def test_screen_is_the_console_without_serial():
    _, status = vecho_on_screen("alone", "console=com1", serial_ports=0)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status)


def test_guest_with_its_own_screen():
    m = boot([vecho("own", 7, "console=vga"), vecho("shared", 10)], "console=com1")
    try:
        m.wait_for(r"\[shared\] lgtest: vecho: ready\n", 60)
        m.wait_screen(r"^lghv: the console is on the serial port", 30)
        m.wait_screen(r"\nlgtest: vecho: ready\n", 30)
        m.type_keys("mine\n")
        m.wait_screen(r"\n *echo: mine\n", 30)
        m.send("theirs\r")
        m.wait_for(r"\[shared\] echo: theirs\n", 30)
        screen = m.screen_text()
        check("[own]" not in screen and "theirs" not in screen and
              not re.search(r"^hv:|\[shared\]", screen, re.M),
              "the guest's screen shows others' output:\n" + screen)
        out = m.transcript
        check("[own]" not in out and "mine" not in out, "the guest's output reached COM1", out)
        m.type_keys("quit\n")
        m.send("quit\r")
        status = m.wait_exit(30)
    finally:
        m.kill()
    out = m.transcript
    check('hv: guest own: power off ("lgtest done")' in out, "own did not finish", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def test_grub_menu_screen_entry():
    if not shutil.which("grub-mkrescue"):
        raise TestSkipped("grub-mkrescue is not installed")
    tmp = tempfile.mkdtemp(prefix="lghv-screen-iso-")
    try:
        iso = os.path.join(tmp, "screen.iso")
        # A long menu timeout: the test chooses the entry itself.
        env = dict(os.environ, ISO_TIMEOUT="60")
        r = subprocess.run([os.path.join(ROOT, "scripts", "mkiso.sh"), iso, HV_ELF,
                            vecho("iso")], env=env, capture_output=True, text=True)
        check(r.returncode == 0, "mkiso.sh failed:\n" + r.stdout + r.stderr)
        m = boot_iso(iso, mem=160, screen=True)
        try:
            m.wait_screen(r"lghv hypervisor, console on the screen", 120)
            m.press("down")
            m.press("ret")
            m.wait_screen(r"\[iso\] lgtest: vecho: ready\n", 120)
            echo_line(m, "iso", "chosen in grub")
            m.type_keys("quit\n")
            status = m.wait_exit(30)
        finally:
            m.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    check('boot: Multiboot 2 from "GRUB' not in m.transcript,
          "the screen entry's messages went to COM1", m.transcript)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status)


def test_screen_linux_shell_through_the_keyboard():
    kernel = one_kernel("3.10", "4.4", "4.13")    # a quick 3.x/4.x one
    m = boot_kernel(mem=256, cmdline="console=vga", screen=True,
                    modules=["%s name=linux mem=64M -- console=hvc0" % kernel, initrd(kernel)])
    try:
        m.wait_screen(r"\[linux\] guest:/# ", 400)
        m.type_keys("echo sum=$((40+2)) ac")
        m.press("left")
        m.type_keys("b\n")
        m.wait_screen(r"\[linux\] sum=42 abc\n", 60)
        m.type_keys("poweroff\n")
        m.wait_screen(r'hv: guest linux: power off \("Power down"\)', 120)
        status = m.wait_exit(60)
    finally:
        m.kill()
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status)
