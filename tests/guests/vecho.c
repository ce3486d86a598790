// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vecho -- the virtio console both ways, the way a shell on hvc0
 * uses it.  We bring the console up as Linux's lguest_device.c and
 * virtio_console.c of our generation do (lib/vcons.c), check the status
 * protocol the hypervisor saw from us (G2-G6 notify on reset, ACKNOWLEDGE,
 * DRIVER and DRIVER_OK; G7 on reset and at finalize_features only; G1
 * never, and asks for no receive interrupts, polling instead; G8+
 * have no NOTIFY: their status is read back from the PCI device), print
 * "lgtest: vecho: ready" through the virtio console, then answer every
 * line typed at us with "echo: <line>" until the line "quit".  The
 * integration tests type into the serial port -- the shared console
 * (where the focus decides who gets the input) or a port of our own --
 * and look for the echoes, so this checks input routing, the receive
 * queue (buffers filled, interrupt raised, buffers reposted), and
 * output on the transmit queue.
 */
#include "vcons.h"

#if LG_TLV_DEVICES
#define STATUS_NOTIFIES 0	/* 2.6.24: status writes never notify */
#elif LG_GEN < 7
#define STATUS_NOTIFIES 4	/* reset, ACK, DRIVER, DRIVER_OK */
#else
#define STATUS_NOTIFIES 2	/* reset, finalize_features */
#endif

const char *test_vecho(void)
{
	char line[256];
	unsigned lines = 0;
	const char *why;

	if ((why = vcons_init()))
		return why;
#if LG_PCI
	say("PCI 00:01.0, BAR 0 %#x, IRQ %u: %u queues (%u and %u entries); features %#llx, "
	    "accepted %#llx, status %#x", vcons.bar0, vcons.irq_line, vcons.num_vq,
	    vcons.vq[0].num, vcons.vq[1].num, (unsigned long long)vcons.device_features,
	    (unsigned long long)vcons.driver_features, vcons.status);
	CHECK(vcons.status == 0x0F, "device status %#x after DRIVER_OK, expected 0xf", vcons.status);
#else
	say("device page %#x + %u: %u queues (%u entries, IRQ %u; %u entries, IRQ %u)",
	    vcons.page_gpa, vcons.desc_offset, vcons.num_vq, vcons.vq[0].num, vcons.vq[0].irq,
	    vcons.vq[1].num, vcons.vq[1].irq);
	say("host features %#x, accepted %#x, %u status notifies", vcons.host_features,
	    vcons.guest_features, vcons.status_notifies);
	CHECK(vcons.status_notifies == STATUS_NOTIFIES, "%u status notifies, expected %u",
	      vcons.status_notifies, STATUS_NOTIFIES);
#endif
	if ((why = vsay("ready")))
		return why;
	for (;;) {
		vcons_read_line(line, sizeof(line));
		if (!strcmp(line, "quit"))
			break;
		lines++;
		if ((why = vcons_printf("echo: %s\n", line)))
			return why;
	}
#if LG_TLV_DEVICES
	CHECK(vcons.irqs[0] == 0, "%u receive interrupts despite VRING_AVAIL_F_NO_INTERRUPT",
	      vcons.irqs[0]);
#else
	CHECK(vcons.irqs[0] > 0, "input arrived without a receive interrupt");
#endif
	CHECK(!vcons.rx_dropped, "%u received bytes dropped", vcons.rx_dropped);
	return vsay("quit after %u lines: %llu bytes in %u receive buffers, %u receive "
		    "interrupts, %u kicks", lines, (unsigned long long)vcons.rx_bytes,
		    vcons.rx_buffers, vcons.irqs[0], vcons.kicks[0] + vcons.kicks[1]);
}
