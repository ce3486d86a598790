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
	return g && guest_alive(g) && g->console_port < 0;
}

static void announce_focus(void)
{
	if (focus == FOCUS_HV)
		kprintf("hv: console focus: hypervisor (type 'help'; Ctrl-A three times moves on)\n");
	else
		kprintf("hv: console focus: guest %s\n", guest_at(focus)->name);
}

static void cycle_focus(void)
{
	/* Positions 0..GUEST_SLOTS: 0 is the hypervisor, i + 1 is slot i. */
	int pos = focus + 1;

	for (int k = 1; k <= GUEST_SLOTS + 1; k++) {
		int p = (pos + k) % (GUEST_SLOTS + 1);
		if (p == 0 || shares_console(guest_at(p - 1))) {
			focus = p - 1;
			break;
		}
	}
	announce_focus();
}

/* The first guest on the shared console, or the hypervisor. */
static int first_sharing_guest(void)
{
	const struct guest *g;

	for_each_guest(g)
		if (shares_console(g))
			return g->id;
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
	struct guest *g;

	for_each_guest(g)
		if (g->state != GUEST_FREE && !strcmp(g->name, name))
			return g;
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
		for_each_guest(g) {
			if (g->state == GUEST_FREE)
				continue;
			kprintf("hv: %-8s %-8s Linux %s (%s), cpu %u, %u MiB, %u exits, "
				"%u interrupts, console %s, %llu bytes out, %llu in\n", g->name,
				state_name(g->state), g->version, g->gen->name, g->cpu,
				g->mem_size >> 20,
				g->stats.exits, g->stats.irqs_injected,
				g->console_port >= 0 ? console_port_name(g->console_port) : "shared",
				g->console.bytes_out, g->console.bytes_in);
			guest_print_moves(g);
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
	struct guest *g = guest_at(focus);

	/* (A guest that was restarting and could not start again left an
	 * empty slot behind: that is the hypervisor's input too.) */
	if (!shares_console(g))
		hv_console_byte(c);
	else
		vcons_input(g, &c, 1);
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
		struct guest *owner = NULL, *g;
		for_each_guest(g)
			if (guest_alive(g) && g->console_port == port)
				owner = g;
		int c;
		while ((c = console_port_getc(port)) >= 0) {
			if (owner)
				vcons_input(owner, &(uint8_t){ (uint8_t)c }, 1);
			else if (console_is_console_port(port))
				shared_console_byte((uint8_t)c);
		}
	}
}
