// SPDX-License-Identifier: GPL-2.0
/*
 * Show an analysed snapshot: a table grouped by lock, the wait-for cycles,
 * or the same as JSON.
 */
#include <string.h>

#include "lock-owners.h"

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static int slen(const char *s)
{
	size_t n = strlen(s);

	return n > 1000 ? 1000 : (int)n;
}

struct widths {
	int lock, symbol, state, cpu, ctx, pid, comm, ms, variant;
};

static void measure(const struct lo_snapshot *s, struct widths *w)
{
	size_t i;

	*w = (struct widths){
		.lock = 4, .symbol = 6, .state = 5, .cpu = 3, .ctx = 3,
		.pid = 3, .comm = 4, .ms = 2, .variant = 7,
	};
	for (i = 0; i < s->nr_groups; i++) {
		w->lock = max_int(w->lock, slen(s->groups[i].lock));
		if (s->groups[i].symbol)
			w->symbol = max_int(w->symbol, slen(s->groups[i].symbol));
	}
	for (i = 0; i < s->nr_entries; i++) {
		const struct lo_entry *e = &s->entries[i];

		if (e->leaked)
			w->state = max_int(w->state, slen("leaked"));
		w->cpu = max_int(w->cpu, lo_ulen(e->cpu));
		w->ctx = max_int(w->ctx, slen(e->ctx));
		w->pid = max_int(w->pid, lo_ulen(e->pid));
		w->comm = max_int(w->comm, slen(e->comm));
		w->ms = max_int(w->ms, lo_ulen(e->ms));
		w->variant = max_int(w->variant, slen(e->variant));
	}
}

static void print_row(FILE *f, const struct widths *w, const char *lock,
		      const char *symbol, const struct lo_entry *e)
{
	fprintf(f, "%-*s  %-*s  %-*s  %*d  %-*s  %*d  %-*s  %*u  %-*s  %s\n",
		w->lock, lock, w->symbol, symbol,
		w->state, e->wait ? "wait" : e->leaked ? "leaked" : "held",
		w->cpu, e->cpu,
		w->ctx, e->ctx, w->pid, e->pid, w->comm, e->comm, w->ms, e->ms,
		w->variant, e->variant, e->site ? e->site : "-");
}

/**
 * lo_print_table - one group of lines per lock: holders, then waiters
 * @f: where to
 * @s: an analysed snapshot
 *
 * The lock and its symbol are on the first line of each group.
 */
void lo_print_table(FILE *f, const struct lo_snapshot *s)
{
	const struct lo_counter *untracked = lo_counter(s, "untracked");
	const char *unusable = NULL;
	struct widths w;
	size_t i, j;

	measure(s, &w);
	if (!s->nr_entries)
		fputs("no spinlock held or waited for\n", f);
	else
		fprintf(f, "%-*s  %-*s  %-*s  %*s  %-*s  %*s  %-*s  %*s  %-*s  %s\n",
			w.lock, "LOCK", w.symbol, "SYMBOL", w.state, "STATE",
			w.cpu, "CPU", w.ctx, "CTX", w.pid, "PID", w.comm, "COMM",
			w.ms, "MS", w.variant, "VARIANT", "SITE");
	for (i = 0; i < s->nr_groups; i++) {
		const struct lo_group *g = &s->groups[i];
		const char *lock = g->lock;
		const char *symbol = g->symbol ? g->symbol : "-";

		if (g->match == LO_MATCH_SYMBOL && !unusable)
			unusable = g->lock;
		if (!g->nr_holders) {
			fprintf(f, "%-*s  %-*s  %s\n", w.lock, lock, w.symbol,
				symbol, g->match == LO_MATCH_NONE ?
				"(holder unknown: no usable address or symbol)" :
				"(no recorded holder)");
			lock = "";
			symbol = "";
		}
		for (j = 0; j < g->nr_holders + g->nr_waiters; j++) {
			print_row(f, &w, lock, symbol, s->order[g->start + j]);
			lock = "";
			symbol = "";
		}
	}

	if (s->nr_counters) {
		fputc('\n', f);
		for (i = 0; i < s->nr_counters; i++)
			fprintf(f, "%s%s %llu", i ? ", " : "",
				s->counters[i].name, s->counters[i].value);
		fputc('\n', f);
	}
	if (unusable)
		fprintf(f, "note: lock addresses are unusable (printed as %s): %s\n",
			unusable, "locks were matched by symbol");
	if (untracked && untracked->value)
		fprintf(f, "note: %llu locks held beyond the recorded depth are not shown\n",
			untracked->value);
}

void lo_print_lock(FILE *f, const char *lock, const char *symbol)
{
	if (symbol)
		fprintf(f, "%s (%s)", symbol, lock);
	else
		fputs(lock, f);
}

/**
 * lo_print_cycles - "possible deadlock:" and the tasks, for each cycle
 * @f: where to
 * @s: an analysed snapshot
 */
void lo_print_cycles(FILE *f, const struct lo_snapshot *s)
{
	size_t i, j;

	for (i = 0; i < s->nr_cycles; i++) {
		const struct lo_cycle *c = &s->cycles[i];

		fputc('\n', f);
		if (c->len == 1)
			fprintf(f, "possible deadlock: cpu %d pid %d (%s) %s\n",
				c->links[0].node->cpu, c->links[0].node->pid,
				c->links[0].node->comm,
				"waits for a lock it holds");
		else
			fprintf(f, "possible deadlock: %zu tasks wait for each other\n",
				c->len);
		for (j = 0; j < c->len; j++) {
			const struct lo_link *l = &c->links[j];

			fprintf(f, "  cpu %d pid %d (%s) holds ", l->node->cpu,
				l->node->pid, l->node->comm);
			lo_print_lock(f, l->held->lock, l->held->symbol);
			fprintf(f, " [%s, line %u], waits for ", l->held->ctx,
				l->held->line);
			lo_print_lock(f, l->wait->lock, l->wait->symbol);
			fprintf(f, " [%s, line %u]\n", l->wait->ctx,
				l->wait->line);
		}
	}
	if (s->more_cycles)
		fprintf(f, "(more than %d cycles; the others are not shown)\n",
			LO_MAX_CYCLES);
}

/* The length of the valid UTF-8 sequence at @p, or 0. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if (p[0] == 0xe0)
			lo = 0xa0;
		if (p[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
		if (p[1] < lo || p[1] > hi)
			return 0;
		return (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if (p[0] == 0xf0)
			lo = 0x90;
		if (p[0] == 0xf4)
			hi = 0x8f;
		if (p[1] < lo || p[1] > hi)
			return 0;
		return (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/**
 * lo_json_string - a JSON string, or null for NULL
 * @f: where to
 * @str: the string
 *
 * Valid UTF-8 is kept.  A byte that is not part of a valid sequence is
 * taken as Latin-1, as the kernel's isgraph() does for comm, and written
 * as \u00XX, so that the output is always valid JSON.
 */
void lo_json_string(FILE *f, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;

	if (!str) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f || !n) {
				fprintf(f, "\\u%04x", *p);
				n = 1;
			} else {
				fwrite(p, 1, n, f);
			}
			p += n;
			continue;
		}
		p++;
	}
	fputc('"', f);
}

static void json_entry(FILE *f, const struct lo_entry *e)
{
	fprintf(f, "{\"line\": %u, \"cpu\": %d, \"ctx\": \"%s\", \"state\": \"%s\", \"pid\": %d, \"comm\": ",
		e->line, e->cpu, e->ctx,
		e->wait ? "wait" : e->leaked ? "leaked" : "held", e->pid);
	lo_json_string(f, e->comm);
	fprintf(f, ", \"ms\": %u, \"variant\": \"%s\", \"site\": ", e->ms,
		e->variant);
	lo_json_string(f, e->site);
	fputc('}', f);
}

static void json_entries(FILE *f, const struct lo_snapshot *s, size_t start,
			 size_t n)
{
	size_t i;

	if (!n) {
		fputs("[]", f);
		return;
	}
	fputs("[\n", f);
	for (i = 0; i < n; i++) {
		fputs("        ", f);
		json_entry(f, s->order[start + i]);
		fputs(i + 1 < n ? ",\n" : "\n", f);
	}
	fputs("      ]", f);
}

static const char *match_name(enum lo_match m)
{
	switch (m) {
	case LO_MATCH_ADDR:
		return "address";
	case LO_MATCH_SYMBOL:
		return "symbol";
	default:
		return "none";
	}
}

static void json_lock_ref(FILE *f, const struct lo_entry *e)
{
	fputs("{\"lock\": ", f);
	lo_json_string(f, e->lock);
	fputs(", \"symbol\": ", f);
	lo_json_string(f, e->symbol);
	fprintf(f, ", \"ctx\": \"%s\", \"line\": %u}", e->ctx, e->line);
}

static void json_cycles(FILE *f, const struct lo_snapshot *s, const char *ind)
{
	size_t i, j;

	if (!s->nr_cycles) {
		fputs("[]", f);
		return;
	}
	fputs("[\n", f);
	for (i = 0; i < s->nr_cycles; i++) {
		const struct lo_cycle *c = &s->cycles[i];

		fprintf(f, "%s  {\n%s    \"tasks\": [\n", ind, ind);
		for (j = 0; j < c->len; j++) {
			const struct lo_link *l = &c->links[j];

			fprintf(f, "%s      {\"cpu\": %d, \"pid\": %d, \"comm\": ",
				ind, l->node->cpu, l->node->pid);
			lo_json_string(f, l->node->comm);
			fputs(", \"holds\": ", f);
			json_lock_ref(f, l->held);
			fputs(", \"waits\": ", f);
			json_lock_ref(f, l->wait);
			fputs(j + 1 < c->len ? "},\n" : "}\n", f);
		}
		fprintf(f, "%s    ]\n%s  }%s\n", ind, ind,
			i + 1 < s->nr_cycles ? "," : "");
	}
	fprintf(f, "%s]", ind);
}

static void json_uint_or_null(FILE *f, bool ok, unsigned int v)
{
	if (ok)
		fprintf(f, "%u", v);
	else
		fputs("null", f);
}

/**
 * lo_print_json - the snapshot as one JSON document (see Documentation/lock-owners.md)
 * @f: where to
 * @s: an analysed snapshot
 * @source: the file it was read from
 */
void lo_print_json(FILE *f, const struct lo_snapshot *s, const char *source)
{
	size_t i;

	fputs("{\n  \"schema\": 1,\n  \"source\": ", f);
	lo_json_string(f, source);
	fputs(",\n  \"locks\": [", f);
	for (i = 0; i < s->nr_groups; i++) {
		const struct lo_group *g = &s->groups[i];

		fputs(i ? ",\n    {\n" : "\n    {\n", f);
		fputs("      \"lock\": ", f);
		lo_json_string(f, g->lock);
		fputs(",\n      \"symbol\": ", f);
		lo_json_string(f, g->symbol);
		fprintf(f, ",\n      \"match\": \"%s\",\n      \"max_wait_ms\": ",
			match_name(g->match));
		json_uint_or_null(f, g->nr_waiters, g->max_wait);
		fputs(",\n      \"max_held_ms\": ", f);
		json_uint_or_null(f, g->nr_holders, g->max_held);
		fputs(",\n      \"holders\": ", f);
		json_entries(f, s, g->start, g->nr_holders);
		fputs(",\n      \"waiters\": ", f);
		json_entries(f, s, g->start + g->nr_holders, g->nr_waiters);
		fputs("\n    }", f);
	}
	fputs(s->nr_groups ? "\n  ],\n" : "],\n", f);

	fputs("  \"counters\": {", f);
	for (i = 0; i < s->nr_counters; i++) {
		fputs(i ? ", " : "", f);
		lo_json_string(f, s->counters[i].name);
		fprintf(f, ": %llu", s->counters[i].value);
	}
	fputs("},\n  \"deadlocks\": ", f);
	json_cycles(f, s, "  ");
	fprintf(f, ",\n  \"more_deadlocks\": %s\n}\n",
		s->more_cycles ? "true" : "false");
}

/* For top.c: the cycles of one snapshot, as a JSON array. */
void lo_print_json_cycles(FILE *f, const struct lo_snapshot *s,
			  const char *indent)
{
	json_cycles(f, s, indent);
}
