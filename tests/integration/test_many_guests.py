# SPDX-License-Identifier: GPL-2.0-only
"""As many guests as memory holds: the limits are the 64 boot modules and
the machine's RAM, not a table of guests.

A guest's state comes from the frame allocator when it is created, so the
tests here fill a machine: forty test guests at once; 64 modules, each a
guest (the 65th is named and left out); a kernel whose initrd would be the
65th module is refused rather than started without it; and guests that do
not fit in RAM are refused by name while the others run to their end.
(Twenty-four real Linux guests at once are in test_real_linux.py.)
"""
import os
import re
import sys
import tempfile

from lib.harness import check
from lib.qemu import EXIT_CLEAN, boot_kernel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_guests import (GENS, check_power_off, check_started, check_verdict,  # noqa: E402
                         guest_elf, module)

MODULE_LIMIT = 64


def _hello_guests(count, prefix):
    """(gen, name) for count hello guests, the generations in turn."""
    return [(GENS[i % len(GENS)], "%s%d" % (prefix, i)) for i in range(count)]


def _check_all_said_hello(out, specs):
    for gen, name in specs:
        check_started(out, name, gen)
        check_verdict(out, name, "hello")
        check_power_off(out, name)
    check(" killed: " not in out, "a guest was killed", out)
    check("hypervisor fault" not in out, "the hypervisor faulted", out)


def test_forty_guests_at_once():
    """Forty test guests of every generation (more than the sixteen a
    fixed table once allowed) each run a test to its verdict, at once."""
    specs = _hello_guests(40, prefix="f")
    m = boot_kernel(mem=320, modules=[module(g, n, "hello", mem="6M") for g, n in specs])
    status = m.wait_exit(180)
    out = m.transcript
    _check_all_said_hello(out, specs)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def test_sixty_four_modules_and_the_sixty_fifth_named():
    """64 modules are 64 guests, every one of which runs; a 65th module is
    left out, and the hypervisor says which it was."""
    specs = _hello_guests(MODULE_LIMIT + 1, prefix="m")
    m = boot_kernel(mem=512, modules=[module(g, n, "hello", mem="6M") for g, n in specs])
    status = m.wait_exit(240)
    out = m.transcript
    check(re.search(r"^modules: %d$" % MODULE_LIMIT, out, re.M),
          "the hypervisor did not take %d modules" % MODULE_LIMIT, out)
    check(re.search(r'modules: module %d \("\S+ name=m%d mem=6M -- lgtest=hello"\) ignored: '
                    r'at most %d modules' % (MODULE_LIMIT, MODULE_LIMIT, MODULE_LIMIT), out),
          "the 65th module was not named as left out", out)
    _check_all_said_hello(out, specs[:MODULE_LIMIT])
    check("hv: guest m%d:" % MODULE_LIMIT not in out, "the 65th module started a guest", out)
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def test_initrd_past_the_module_limit_refuses_its_kernel():
    """63 guests and a 64th kernel whose initrd would be the 65th module:
    that guest is refused (it would start without its initrd), naming the
    module left out, and the 63 others run."""
    specs = _hello_guests(MODULE_LIMIT, prefix="c")
    mods = [module(g, n, "hello", mem="6M") for g, n in specs]
    # Any file that is not a kernel is the initrd of the kernel before it.
    with tempfile.NamedTemporaryFile(suffix=".img", delete=False) as f:
        f.write(b"not a kernel\n" * 100)
    mods.append("%s its-initrd" % f.name)
    try:
        m = boot_kernel(mem=512, modules=mods)
        status = m.wait_exit(240)
    finally:
        os.unlink(f.name)
    out = m.transcript
    last = specs[-1][1]
    check(re.search(r'hv: module %d \(".*"\): its module %d \(".*"\) is past the %d modules '
                    r'accepted; guest not started' % (MODULE_LIMIT - 1, MODULE_LIMIT, MODULE_LIMIT),
                    out),
          "the kernel that lost its initrd was not refused, naming it", out)
    check("hv: guest %s:" % last not in out, "guest %s started without its initrd" % last, out)
    _check_all_said_hello(out, specs[:-1])
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)


def test_guests_past_memory_refused_by_name():
    """More guests than RAM holds: those that do not fit are refused, each
    named with what it needed, and the others run to their end."""
    specs = _hello_guests(12, prefix="r")
    m = boot_kernel(mem=192, modules=[module(g, n, "hello", mem="24M") for g, n in specs])
    status = m.wait_exit(180)
    out = m.transcript
    refused = re.findall(r'hv: module \d+ \("[^"]*"\): guest (r\d+): not enough memory: '
                         r'needs 24 MiB, \d+ MiB free; guest not started', out)
    started = re.findall(r"hv: guest (r\d+): Linux ", out)
    check(refused, "no guest was refused for memory", out)
    check(started, "no guest started", out)
    check(sorted(refused + started) == sorted(n for _, n in specs),
          "each guest must have started or been refused: started %s, refused %s"
          % (started, refused), out)
    _check_all_said_hello(out, [(g, n) for g, n in specs if n in started])
    check(status == EXIT_CLEAN, "QEMU exit status %s" % status, out)
    print("memory for 12 guests of 24 MiB in a 192 MiB machine: %d started, %d refused"
          % (len(started), len(refused)))
