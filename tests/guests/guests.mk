# SPDX-License-Identifier: GPL-2.0-only
# Test guests: placeholder until the guest library lands.
.PHONY: guests
guests:
