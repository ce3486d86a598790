/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor proper, entered once from boot/. */
#ifndef HV_HV_H
#define HV_HV_H

#include "boot/boot_info.h"

#define HV_NAME "lghv"
#define HV_VERSION "0.1"

void hv_main(struct boot_info *bi) __attribute__((noreturn));

#endif
