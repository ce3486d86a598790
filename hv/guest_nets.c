// SPDX-License-Identifier: GPL-2.0-only
/*
 * MACs for guests' cards: 02 (locally administered, unicast), then four
 * bytes of an FNV-1a hash of the guest's name, then the card's number.
 * Two guests whose names hash alike on one switch: the second is refused
 * (the switch says so), and mac= settles it.
 */
#include "hv/guest_nets.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

static void derive_mac(const char *name, int card, uint8_t mac[6])
{
	uint32_t h = 2166136261u;

	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	mac[0] = 0x02;
	mac[1] = (uint8_t)(h >> 24);
	mac[2] = (uint8_t)(h >> 16);
	mac[3] = (uint8_t)(h >> 8);
	mac[4] = (uint8_t)h;
	mac[5] = (uint8_t)card;
}

const char *guest_nets_attach(struct guest *g, const struct guest_config *cfg, char *err,
			      size_t errlen)
{
	for (int i = 0; i < cfg->nr_nics && i < GUEST_MAX_NICS; i++) {
		const struct nic_config *nc = &cfg->nics[i];
		struct vnet *n = &g->nets[i];
		char name[8];
		uint8_t mac[6];
		const char *why;

		fmt_snprintf(name, sizeof(name), "eth%d", i);
		if (nc->mac_given)
			memcpy(mac, nc->mac, 6);
		else
			derive_mac(cfg->name, i, mac);
		if (!vnet_init(g, n, name, mac, nc->net, &why)) {
			vnet_guest_stopped(g);
			fmt_snprintf(err, errlen, "net=%s: %s", nc->net, why);
			return err;
		}
		g->nr_nets++;
		g->vdevs[g->nr_vdevs++] = &n->dev;
		kprintf("hv: guest %s: %s on switch %s, MAC %02x:%02x:%02x:%02x:%02x:%02x\n",
			g->name, name, nc->net, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	}
	return NULL;
}
