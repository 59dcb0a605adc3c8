// Interior pages: the VFS that lends the interior pages of a database file's B-trees
// from memory (interior_pages.c says why).

#ifndef POPSH_INTERIOR_PAGES_H
#define POPSH_INTERIOR_PAGES_H

#include <sqlite3.h>

/// The VFS's name, for sqlite3_open_v2.
#define POPSH_INTERIOR_PAGES_VFS "popsh-interior"

/// The file control (an int, in bytes) that sets how much of a main database file's
/// interior pages a connection keeps; 0 keeps none and frees what was kept.
#define POPSH_FCNTL_INTERIOR_PAGES 0x706f7001

/// Registers the VFS beside the default one, once; returns SQLITE_OK when it is there.
int popsh_interior_pages_register(void);

/// For one connection's main database file: how many pages the keeping lent since its
/// budget was set, and how many bytes it holds now. -1 when the file is not this VFS's.
int popsh_interior_pages_stats(sqlite3 *db, sqlite3_int64 *lent, sqlite3_int64 *bytes);

#endif
