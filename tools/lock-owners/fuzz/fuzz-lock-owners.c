// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for lock-owners: split the input as a kernel log into
 * the snapshots in it (each must come out in the file's format, and is
 * parsed and analysed), then parse the input as /proc/lock_owners, and if
 * it parses, analyse it, print the table, the cycles, the JSON and
 * the sampling summary, and check what must hold:
 *
 *  - every entry is in exactly one group, holders before waiters, and all
 *    entries of a group are about the same lock;
 *  - each cycle is a cycle: every task waits for the lock the next one
 *    holds;
 *  - the JSON output is valid JSON (and valid UTF-8).
 *
 *	make fuzz		(clang -fsanitize=fuzzer,address,undefined)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock-owners.h"
#include "log.h"

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

/* A small JSON validator: enough to catch bad escaping or nesting. */
struct json {
	const unsigned char *p, *end;
	int depth;
};

static void ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' ||
				 *j->p == '\t' || *j->p == '\r'))
		j->p++;
}

static int lit(struct json *j, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, s, n))
		return -1;
	j->p += n;
	return 0;
}

static int utf8(struct json *j)
{
	const unsigned char *p = j->p;
	size_t left = j->end - p, n, i;
	unsigned int cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return -1;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (left < n)
		return -1;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	j->p += n;
	return 0;
}

static int string(struct json *j)
{
	if (lit(j, "\""))
		return -1;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p < 0x20)
			return -1;
		if (*j->p == '\\') {
			j->p++;
			if (j->p == j->end)
				return -1;
			if (*j->p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (j->p + i >= j->end ||
					    !strchr("0123456789abcdefABCDEF",
						    j->p[i]) || !j->p[i])
						return -1;
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) && *j->p) {
				j->p++;
			} else {
				return -1;
			}
		} else if (*j->p >= 0x80) {
			if (utf8(j))
				return -1;
		} else {
			j->p++;
		}
	}
	return lit(j, "\"");
}

static int value(struct json *j);

static int number(struct json *j)
{
	const unsigned char *start = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	return j->p > start && j->p[-1] != '-' ? 0 : -1;
}

static int container(struct json *j, char close, int object)
{
	if (++j->depth > 32)
		return -1;
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		if (object) {
			ws(j);
			if (string(j))
				return -1;
			ws(j);
			if (lit(j, ":"))
				return -1;
		}
		if (value(j))
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		return -1;
	}
}

static int value(struct json *j)
{
	ws(j);
	if (j->p == j->end)
		return -1;
	switch (*j->p) {
	case '{':
		return container(j, '}', 1);
	case '[':
		return container(j, ']', 0);
	case '"':
		return string(j);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	default:
		return number(j);
	}
}

static void check_json(const char *buf, size_t len)
{
	struct json j = {
		.p = (const unsigned char *)buf,
		.end = (const unsigned char *)buf + len,
	};

	CHECK(!value(&j));
	ws(&j);
	CHECK(j.p == j.end);
}

static void check_groups(const struct lo_snapshot *s)
{
	size_t i, k, total = 0;
	char *seen = calloc(s->nr_entries + 1, 1);

	CHECK(seen);
	for (i = 0; i < s->nr_groups; i++) {
		const struct lo_group *g = &s->groups[i];
		size_t n = g->nr_holders + g->nr_waiters;

		CHECK(n);
		CHECK(g->start + n <= s->nr_entries);
		for (k = 0; k < n; k++) {
			const struct lo_entry *e = s->order[g->start + k];
			size_t idx = e - s->entries;

			CHECK(idx < s->nr_entries);
			CHECK(!seen[idx]);
			seen[idx] = 1;
			CHECK(e->group == i);
			CHECK(e->wait == (k >= g->nr_holders));
			if (g->match == LO_MATCH_ADDR)
				CHECK(e->addr_ok && e->addr ==
				      s->order[g->start]->addr);
			else if (g->match == LO_MATCH_SYMBOL)
				CHECK(!e->addr_ok && e->symbol &&
				      !strcmp(e->symbol, g->symbol));
			else
				CHECK(n == 1);
		}
		/* Locks with waiters first, longest wait first. */
		if (i && g->nr_waiters)
			CHECK(s->groups[i - 1].nr_waiters &&
			      s->groups[i - 1].max_wait >= g->max_wait);
		total += n;
	}
	CHECK(total == s->nr_entries);
	free(seen);
}

static void check_cycles(const struct lo_snapshot *s)
{
	size_t i, k;

	for (i = 0; i < s->nr_cycles; i++) {
		const struct lo_cycle *c = &s->cycles[i];

		CHECK(c->len >= 1);
		for (k = 0; k < c->len; k++) {
			const struct lo_link *l = &c->links[k];
			const struct lo_link *next = &c->links[(k + 1) % c->len];

			CHECK(l->wait && l->wait->wait);
			CHECK(l->wait == l->node->wait);
			CHECK(!l->held->wait);
			CHECK(&s->nodes[l->held->node] == l->node);
			CHECK(l->wait->group == next->held->group);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct lo_snapshot s;
	struct lo_error err;
	struct lo_top *t;
	struct lo_log log;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!lo_log_split((const char *)data, size, &log)) {
		for (i = 0; i < log.nr; i++) {
			const struct lo_log_block *b = &log.blocks[i];

			CHECK(b->len >= 10 && !memcmp(b->text, "version 2\n", 10));
			CHECK(strlen(b->text) == b->len);
			if (!lo_parse(&s, b->text, b->len, 4096, &err))
				lo_analyze(&s, &err);
			lo_free(&s);
		}
		lo_log_free(&log);
	}
	if (lo_parse(&s, (const char *)data, size, 4096, &err)) {
		CHECK(err.msg[0]);
		CHECK(memchr(err.msg, '\0', sizeof(err.msg)));
		lo_free(&s);
		return 0;
	}
	if (lo_analyze(&s, &err)) {
		lo_free(&s);
		return 0;
	}
	check_groups(&s);
	check_cycles(&s);
	lo_print_table(null, &s);
	lo_print_cycles(null, &s);

	mem = open_memstream(&buf, &len);
	CHECK(mem);
	lo_print_json(mem, &s, "fuzz\"\\\x01\xff");
	CHECK(!fclose(mem));
	check_json(buf, len);
	free(buf);

	t = lo_top_new();
	CHECK(t);
	CHECK(!lo_top_add(t, &s, &err));
	CHECK(!lo_top_add(t, &s, &err));
	lo_top_print(null, t, 5);
	buf = NULL;
	mem = open_memstream(&buf, &len);
	CHECK(mem);
	lo_top_print_json(mem, t, 5, "fuzz", 1, s.nr_cycles ? &s : NULL);
	CHECK(!fclose(mem));
	check_json(buf, len);
	free(buf);
	lo_top_free(t);
	lo_free(&s);
	return 0;
}
