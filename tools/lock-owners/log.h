/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCK_OWNERS_LOG_H
#define LOCK_OWNERS_LOG_H

#include <stdbool.h>
#include <stddef.h>

struct lo_log_block {
	char *text;		/* in the file's format */
	size_t len;
	unsigned int line;	/* of the log, where the block starts */
	bool complete;		/* has its count line */
	bool off;		/* "switched off at boot" */
};

struct lo_log {
	struct lo_log_block *blocks;	/* oldest first */
	size_t nr;
};

int lo_log_split(const char *data, size_t len, struct lo_log *log);
void lo_log_free(struct lo_log *log);

#endif
