/* SPDX-License-Identifier: GPL-2.0-only */
/* Moving a guest to another CPU (hv/balance.c). */
#ifndef HV_BALANCE_H
#define HV_BALANCE_H

#include <stdbool.h>
#include "hv/guest.h"

/* Whether g may leave its CPU at all: not placed there by cpu=N, and its
 * FPU state in memory.  (That it is not running is the scheduler's to
 * know.) */
bool balance_may_move(const struct guest *g);
/* Makes g a guest of this CPU; under the lock, with g not running. */
void balance_move_here(struct guest *g);

#endif
