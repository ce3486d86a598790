// SPDX-License-Identifier: GPL-2.0-only
/*
 * Input routing and the hypervisor's own little console.  With the focus
 * on the hypervisor, typed lines are commands:
 *   help                 this list
 *   list                 guests, their state and counters
 *   kill NAME            stop a guest
 *   restart NAME         start a guest again from its modules
 *   mem                  free and used memory
 */
#include "hv/devices/console_mux.h"
#include "hv/devices/vswitch.h"
#include "hv/console.h"
#include "hv/loader.h"
#include "mm/frames.h"
#include "lib/log.h"
#include "lib/string.h"

#define CTRL_A 0x01
#define FOCUS_HV -1

static int focus = FOCUS_HV;
static int ctrl_a_run;		/* consecutive Ctrl-A bytes held back */
static char cmd[80];
static uint32_t cmd_len;

static bool shares_console(const struct guest *g)
{
	return guest_alive(g) && g->console_port < 0;
}

static void announce_focus(void)
{
	if (focus == FOCUS_HV)
		kprintf("hv: console focus: hypervisor (type 'help'; Ctrl-A three times moves on)\n");
	else
		kprintf("hv: console focus: guest %s\n", guests[focus].name);
}

static void cycle_focus(void)
{
	/* Positions 0..MAX_GUESTS: 0 is the hypervisor, i + 1 is guest i. */
	int pos = focus + 1;

	for (int k = 1; k <= MAX_GUESTS + 1; k++) {
		int p = (pos + k) % (MAX_GUESTS + 1);
		if (p == 0 || shares_console(&guests[p - 1])) {
			focus = p - 1;
			break;
		}
	}
	announce_focus();
}

/* The first guest on the shared console, or the hypervisor. */
static int first_sharing_guest(void)
{
	for (int i = 0; i < MAX_GUESTS; i++)
		if (shares_console(&guests[i]))
			return i;
	return FOCUS_HV;
}

void mux_start(void)
{
	focus = first_sharing_guest();
	announce_focus();
}

void mux_guest_stopped(struct guest *g)
{
	/* A guest that is restarting keeps the focus: it will be back.  (The
	 * stopped guest is already dead, so it is not picked again.) */
	if (focus == g->id && !g->restart_requested)
		focus = first_sharing_guest();
}

static struct guest *guest_named(const char *name)
{
	for (int i = 0; i < MAX_GUESTS; i++)
		if (guests[i].state != GUEST_FREE && !strcmp(guests[i].name, name))
			return &guests[i];
	return NULL;
}

static const char *state_name(enum guest_state s)
{
	switch (s) {
	case GUEST_RUNNABLE: return "running";
	case GUEST_HALTED: return "idle";
	case GUEST_DEAD: return "stopping";
	default: return "free";
	}
}

static void command(char *line)
{
	char *arg = strchr(line, ' ');
	struct guest *g;

	if (arg)
		*arg++ = '\0';
	if (!line[0])
		return;
	if (!strcmp(line, "help")) {
		kprintf("hv: commands: list, kill NAME, restart NAME, mem, net, help\n");
	} else if (!strcmp(line, "list")) {
		for (int i = 0; i < MAX_GUESTS; i++) {
			g = &guests[i];
			if (g->state == GUEST_FREE)
				continue;
			kprintf("hv: %-8s %-8s Linux %s (%s), cpu %u, %u MiB, %u exits, "
				"%u interrupts, console %s, %llu bytes out, %llu in\n", g->name,
				state_name(g->state), g->version, g->gen->name, g->cpu,
				g->mem_size >> 20,
				g->stats.exits, g->stats.irqs_injected,
				g->console_port >= 0 ? console_port_name(g->console_port) : "shared",
				g->console.bytes_out, g->console.bytes_in);
		}
	} else if ((!strcmp(line, "kill") || !strcmp(line, "restart")) && arg) {
		g = guest_named(arg);
		if (!g || !guest_alive(g)) {
			kprintf("hv: no running guest named '%s'\n", arg);
			return;
		}
		g->restart_requested = line[0] == 'r';
		if (g->restart_requested) {
			guest_power_off(g, "restarted from the hypervisor console");
		} else {
			g->restart_on_crash = false;	/* killed on purpose: not a crash */
			guest_kill(g, "killed from the hypervisor console");
		}
	} else if (!strcmp(line, "net")) {
		vswitch_list();
	} else if (!strcmp(line, "mem")) {
		kprintf("hv: memory: %u KiB free of %u KiB usable\n", frames_free_count() * 4,
			frames_usable_count() * 4);
	} else {
		kprintf("hv: unknown command '%s' (try 'help')\n", line);
	}
}

static void hv_console_byte(uint8_t c)
{
	if (c == '\r' || c == '\n') {
		kprintf("\n");
		cmd[cmd_len] = '\0';
		cmd_len = 0;
		command(cmd);
	} else if (c == 0x7F || c == 0x08) {
		if (cmd_len) {
			cmd_len--;
			kputs("\b \b");
		}
	} else if (c >= 0x20 && cmd_len + 1 < sizeof(cmd)) {
		char echo[2] = { (char)c, 0 };
		cmd[cmd_len++] = (char)c;
		kputs(echo);
	}
}

static void to_focus(uint8_t c)
{
	if (focus == FOCUS_HV || !shares_console(&guests[focus]))
		hv_console_byte(c);
	else
		vcons_input(&guests[focus], &c, 1);
}

static void shared_console_byte(uint8_t c)
{
	if (c == CTRL_A) {
		if (++ctrl_a_run == 3) {
			ctrl_a_run = 0;
			cycle_focus();
		}
		return;
	}
	/* One or two Ctrl-A were meant for whoever has the focus. */
	for (; ctrl_a_run; ctrl_a_run--)
		to_focus(CTRL_A);
	to_focus(c);
}

void mux_poll_input(void)
{
	console_input_pending = false;
	for (int port = 0; port < CONSOLE_PORTS; port++) {
		struct guest *owner = NULL;
		for (int i = 0; i < MAX_GUESTS; i++)
			if (guest_alive(&guests[i]) && guests[i].console_port == port)
				owner = &guests[i];
		int c;
		while ((c = console_port_getc(port)) >= 0) {
			if (owner)
				vcons_input(owner, &(uint8_t){ (uint8_t)c }, 1);
			else if (console_is_console_port(port))
				shared_console_byte((uint8_t)c);
		}
	}
}
