// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv/devices/vswitch.c built for the host (tests/unit/test_vswitch.c,
 * tests/fuzz/fuzz_vswitch.c).  Its console listing prints uint64_t
 * counters with %llu, right on the 32-bit hypervisor, where uint64_t is
 * unsigned long long, but a format warning on x86-64, where it is
 * unsigned long; the listing is not what these tests check.
 */
#pragma GCC diagnostic ignored "-Wformat"
#include "hv/devices/vswitch.c"
