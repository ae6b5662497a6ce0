/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lock-owners: the snapshots in a kernel log (lockup reports, SysRq-O,
 * panics), each rewritten in the format of /proc/lock_owners.
 */
#ifndef LOCK_OWNERS_LOG_H
#define LOCK_OWNERS_LOG_H

#include <stdbool.h>
#include <stddef.h>

#define LO_LOG_MAX_BLOCKS	65536

struct lo_log_block {
	char *text;		/* in the file's format */
	size_t len;
	unsigned int line;	/* of the log, where the block starts */
	bool complete;		/* has its count line */
	bool off;		/* "switched off at boot" */
	unsigned int entries;	/* entry lines found */
	unsigned int count;	/* entries, as its count line says */
};

struct lo_log {
	struct lo_log_block *blocks;	/* oldest first */
	size_t nr, size;
};

/*
 * 0, or -1 when memory ran out or the log has more than
 * LO_LOG_MAX_BLOCKS snapshots.
 */
int lo_log_split(const char *data, size_t len, struct lo_log *log);
void lo_log_free(struct lo_log *log);

#endif
