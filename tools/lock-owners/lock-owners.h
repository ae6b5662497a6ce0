/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lock-owners: read the spinlock owner snapshot, /proc/lock_owners.
 *
 * The parser works on a buffer, so that the tool, the tests and the fuzzer
 * all go through the same code: lo_parse() checks the text and fills a
 * struct lo_snapshot, lo_analyze() groups the entries by lock and looks for
 * cycles in the wait-for graph, and the lo_print_*() functions show it.
 */
#ifndef LOCK_OWNERS_H
#define LOCK_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bounds on what we accept, so that memory use stays bounded. */
#define LO_MAX_INPUT		(64UL << 20)	/* bytes */
#define LO_MAX_LINE		4096		/* bytes, newline excluded */
#define LO_MAX_FIELDS		32		/* per line */
#define LO_DEFAULT_MAX_ENTRIES	262144		/* held and wait lines */
#define LO_MAX_COUNTERS		32
#define LO_MAX_CYCLES		64		/* reported per snapshot */
#define LO_MAX_CPU		(1 << 22)
#define LO_MAX_PID		(1 << 30)

/* The format this tool reads. */
#define LO_VERSION		2	/* and 1, without leaked entries */

/* Exit statuses. */
#define LO_EXIT_OK		0
#define LO_EXIT_ERROR		1
#define LO_EXIT_USAGE		2
#define LO_EXIT_DEADLOCK	3

/* How the entries of a group were found to be about the same lock. */
enum lo_match {
	LO_MATCH_NONE,		/* unusable address, no symbol: on its own */
	LO_MATCH_ADDR,		/* same (possibly hashed) address */
	LO_MATCH_SYMBOL,	/* unusable address, same symbol */
};

struct lo_entry {
	unsigned int line;
	int cpu;
	int pid;
	unsigned int ms;
	bool wait;
	bool leaked;			/* held by a task that left its CPU */
	bool addr_ok;			/* @addr identifies the lock */
	unsigned long long addr;
	const char *ctx;		/* static string */
	const char *variant;		/* static string */
	const char *lock;		/* as printed */
	const char *symbol;		/* NULL for "-" */
	const char *comm;
	const char *site;		/* NULL for "-" */
	/* Set by lo_analyze(). */
	size_t group;
	size_t node;
};

struct lo_counter {
	const char *name;
	unsigned long long value;
	unsigned int line;
};

/* One lock: holders, then waiters, each longest first, in lo_snapshot.order. */
struct lo_group {
	enum lo_match match;
	const char *lock;
	const char *symbol;		/* NULL if no entry had one */
	size_t start;
	size_t nr_holders;
	size_t nr_waiters;
	unsigned int max_wait;
	unsigned int max_held;
	unsigned int first_line;
};

/* A task in the wait-for graph: what runs on a CPU, by pid. */
struct lo_node {
	int cpu;
	int pid;
	const char *comm;
	struct lo_entry *wait;		/* NULL if not spinning */
};

/* One task of a cycle: it holds @held, which the previous task waits for. */
struct lo_link {
	struct lo_node *node;
	struct lo_entry *held;
	struct lo_entry *wait;
};

struct lo_cycle {
	size_t len;
	struct lo_link *links;
};

struct lo_snapshot {
	char *buf;			/* the input, fields point into it */
	unsigned int version;
	struct lo_entry *entries;
	size_t nr_entries;
	size_t alloc_entries;
	size_t max_entries;
	struct lo_counter counters[LO_MAX_COUNTERS];
	size_t nr_counters;
	/* Set by lo_analyze(). */
	struct lo_entry **order;
	struct lo_group *groups;
	size_t nr_groups;
	struct lo_node *nodes;
	size_t nr_nodes;
	struct lo_cycle cycles[LO_MAX_CYCLES];
	size_t nr_cycles;
	bool more_cycles;		/* found more than LO_MAX_CYCLES */
};

struct lo_error {
	unsigned int line;		/* 0: not about one line */
	char msg[200];
};

/* snapshot.c */
int lo_parse(struct lo_snapshot *s, const char *data, size_t len,
	     size_t max_entries, struct lo_error *err);
int lo_analyze(struct lo_snapshot *s, struct lo_error *err);
void lo_free(struct lo_snapshot *s);
const struct lo_counter *lo_counter(const struct lo_snapshot *s,
				    const char *name);
size_t lo_key(const struct lo_entry *e, char *buf, size_t size);

/* report.c */
void lo_print_table(FILE *f, const struct lo_snapshot *s);
void lo_print_cycles(FILE *f, const struct lo_snapshot *s);
void lo_print_json(FILE *f, const struct lo_snapshot *s, const char *source);
void lo_json_string(FILE *f, const char *str);
void lo_print_json_cycles(FILE *f, const struct lo_snapshot *s,
			  const char *indent);
void lo_print_lock(FILE *f, const char *lock, const char *symbol);

/* top.c: the sampling mode */
struct lo_top;
struct lo_top *lo_top_new(void);
int lo_top_add(struct lo_top *t, const struct lo_snapshot *s,
	       struct lo_error *err);
void lo_top_print(FILE *f, const struct lo_top *t, size_t n);
void lo_top_print_json(FILE *f, const struct lo_top *t, size_t n,
		       const char *source, unsigned int interval_ms,
		       const struct lo_snapshot *deadlocked);
size_t lo_top_samples(const struct lo_top *t);
size_t lo_top_deadlocks(const struct lo_top *t);
void lo_top_free(struct lo_top *t);

/* The number of decimal digits of @v, for column widths. */
static inline int lo_ulen(unsigned long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

#endif /* LOCK_OWNERS_H */
