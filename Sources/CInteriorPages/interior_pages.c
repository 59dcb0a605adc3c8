// Interior pages: a VFS over the default one that keeps the interior pages of a main
// database file's B-trees in memory while the connection gives it a budget
// (POPSH_FCNTL_INTERIOR_PAGES), and lends them to SQLite without a copy.
//
// Why: a cross-check looks each feed record up by number in several B-trees of the
// register and WIS. At 12 million persons those trees have about 6,000 interior pages
// (24 MB), which every look-up passes through, but the leaves read between two uses of
// one of them outnumber SQLite's page cache, whose LRU list cannot tell an interior page
// from a leaf: a year's cross-check read interior pages 1.1 million times from the file
// (docs/benchmarks.md). SQLite offers no priority in its own cache. Serving those reads
// from a copy in xRead saved the system calls but not the copying (a 4 KiB page copied
// from memory the processor has not cached costs about what the kernel's copy did);
// lending the kept page through xFetch, the method SQLite asks first for every page of a
// read transaction once its mmap_size is set, costs neither.
//
// Why it is safe: the pages kept are forgotten whenever the file may change under them:
// at the end of every read transaction (the release of a WAL read lock, or of the file's
// lock in rollback mode), and at any write or truncation through this file. Within one
// read transaction the pages of the file the transaction reads do not change: in WAL
// mode a checkpoint copies into the file only frames at or before every reader's
// snapshot, which such a reader takes from the WAL, never from the file; in rollback mode
// the reader's shared lock keeps writers out.
//
// Written in C because it fills SQLite's tables of C methods, forwarding each to the
// default VFS's file, on every page read of the file.

#include "interior_pages.h"

#include <stdlib.h>
#include <string.h>

// A kept page: its offset in the file (0 marks an empty slot; page 1 is never kept).
typedef struct {
    sqlite3_int64 offset;
    unsigned char *data;
} KeptPage;

typedef struct {
    KeptPage *slots;          // open addressing, linear probing; a power of two long
    int capacity;
    int count;
    sqlite3_int64 budget;     // bytes; 0: off
    sqlite3_int64 bytes;
    sqlite3_int64 lentSince;  // pages lent since the budget was set
    int lent;                 // pages SQLite holds now and has not given back
    unsigned char **dropped;  // pages forgotten while some were lent, freed when none is
    int droppedCount;
} Keeping;

// The file SQLite holds: the methods, the keeping, then the default VFS's file.
typedef struct {
    const sqlite3_io_methods *pMethods;
    Keeping *keeping;
} InteriorFile;

#define REAL(file) ((sqlite3_file *)((char *)(file) + sizeof(InteriorFile)))

static sqlite3_vfs *defaultVfs;
static sqlite3_vfs interiorVfs;

static unsigned slotOf(sqlite3_int64 offset, int capacity) {
    unsigned long long h = (unsigned long long)offset * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) & (unsigned)(capacity - 1);
}

static unsigned char *lookUp(const Keeping *k, sqlite3_int64 offset) {
    if (k->count == 0) return NULL;
    for (unsigned i = slotOf(offset, k->capacity);; i = (i + 1) & (unsigned)(k->capacity - 1)) {
        if (k->slots[i].offset == offset) return k->slots[i].data;
        if (k->slots[i].offset == 0) return NULL;
    }
}

static void freeDropped(Keeping *k) {
    for (int i = 0; i < k->droppedCount; i++) free(k->dropped[i]);
    free(k->dropped);
    k->dropped = NULL;
    k->droppedCount = 0;
}

// Empties the table. A page SQLite still holds must outlive it: while any is lent, the
// pages wait in `dropped` until the last comes back.
static void forget(Keeping *k) {
    if (k->count == 0) return;
    if (k->lent > 0) {
        unsigned char **dropped = realloc(k->dropped, (size_t)(k->droppedCount + k->count) * sizeof *dropped);
        // Without room to wait in, the pages are left unfreed: a leak, not a page freed under a reader.
        if (dropped) {
            k->dropped = dropped;
            for (int i = 0; i < k->capacity; i++)
                if (k->slots[i].data) k->dropped[k->droppedCount++] = k->slots[i].data;
        }
    } else {
        for (int i = 0; i < k->capacity; i++) free(k->slots[i].data);
    }
    free(k->slots);
    k->slots = NULL;
    k->capacity = k->count = 0;
    k->bytes = 0;
}

static void insert(KeptPage *slots, int capacity, KeptPage page) {
    unsigned i = slotOf(page.offset, capacity);
    while (slots[i].offset != 0) i = (i + 1) & (unsigned)(capacity - 1);
    slots[i] = page;
}

static void keep(Keeping *k, sqlite3_int64 offset, const void *data, int size) {
    if (k->bytes + size > k->budget) return;
    if (2 * (k->count + 1) > k->capacity) {
        int capacity = k->capacity ? 2 * k->capacity : 1024;
        KeptPage *slots = calloc((size_t)capacity, sizeof(KeptPage));
        if (!slots) return;
        for (int i = 0; i < k->capacity; i++)
            if (k->slots[i].offset != 0) insert(slots, capacity, k->slots[i]);
        free(k->slots);
        k->slots = slots;
        k->capacity = capacity;
    }
    unsigned char *copy = malloc((size_t)size);
    if (!copy) return;
    memcpy(copy, data, (size_t)size);
    insert(k->slots, k->capacity, (KeptPage){offset, copy});
    k->count++;
    k->bytes += size;
}

static int interiorRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset) {
    Keeping *k = ((InteriorFile *)file)->keeping;
    sqlite3_file *real = REAL(file);
    int rc = real->pMethods->xRead(real, buffer, amount, offset);
    // Whole pages after the first (a page is 512 to 65536 bytes, a power of two, at a
    // multiple of its size): SQLite reads page 1's header apart, and page 1 holds the
    // file's change counter. A B-tree page's first byte says its kind: 2 an interior index
    // page, 5 an interior table page. (An overflow or free page that starts so by chance is
    // kept as correctly: nothing kept changes while it is kept.)
    if (rc == SQLITE_OK && k->budget > 0 && offset > 0 && amount >= 512 && amount <= 65536
        && (amount & (amount - 1)) == 0 && offset % amount == 0) {
        unsigned char kind = ((const unsigned char *)buffer)[0];
        if ((kind == 2 || kind == 5) && !lookUp(k, offset)) keep(k, offset, buffer, amount);
    }
    return rc;
}

// SQLite asks here first for every page of a read transaction while the connection's
// mmap_size is set (withLookupCache sets it with the budget): a kept page is lent as it
// is and takes no room in SQLite's page cache; for any other (NULL) SQLite reads the page
// into its cache through xRead. The file itself is never mapped, since its pages would
// count against the process's memory (see interiorFileControl).
static int interiorFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    Keeping *k = ((InteriorFile *)file)->keeping;
    (void)amount;
    *out = NULL;
    if (k->budget > 0 && offset > 0) {
        unsigned char *kept = lookUp(k, offset);
        if (kept) {
            *out = kept;
            k->lent++;
            k->lentSince++;
        }
    }
    return SQLITE_OK;
}

static int interiorUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    Keeping *k = ((InteriorFile *)file)->keeping;
    (void)offset;
    // A NULL page asks to unmap the file, which was never mapped.
    if (page && k->lent > 0 && --k->lent == 0) freeDropped(k);
    return SQLITE_OK;
}

static int interiorWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    forget(((InteriorFile *)file)->keeping);
    sqlite3_file *real = REAL(file);
    return real->pMethods->xWrite(real, data, amount, offset);
}

static int interiorTruncate(sqlite3_file *file, sqlite3_int64 size) {
    forget(((InteriorFile *)file)->keeping);
    sqlite3_file *real = REAL(file);
    return real->pMethods->xTruncate(real, size);
}

// The end of a read transaction in rollback mode.
static int interiorUnlock(sqlite3_file *file, int level) {
    if (level < SQLITE_LOCK_SHARED) forget(((InteriorFile *)file)->keeping);
    sqlite3_file *real = REAL(file);
    return real->pMethods->xUnlock(real, level);
}

// The end of a read transaction in WAL mode: a reader holds one of the WAL index's five
// read locks (slots 3 to 7 of its locks) from its snapshot to its end.
static int interiorShmLock(sqlite3_file *file, int offset, int n, int flags) {
    if ((flags & SQLITE_SHM_UNLOCK) && offset + n > 3 && offset < 8) forget(((InteriorFile *)file)->keeping);
    sqlite3_file *real = REAL(file);
    return real->pMethods->xShmLock(real, offset, n, flags);
}

static int interiorClose(sqlite3_file *file) {
    Keeping *k = ((InteriorFile *)file)->keeping;
    k->lent = 0;
    forget(k);
    freeDropped(k);
    free(k);
    sqlite3_file *real = REAL(file);
    return real->pMethods->xClose(real);
}

static int interiorFileControl(sqlite3_file *file, int op, void *arg) {
    Keeping *k = ((InteriorFile *)file)->keeping;
    if (op == POPSH_FCNTL_INTERIOR_PAGES) {
        int budget = *(int *)arg;
        forget(k);
        k->lentSince = 0;
        k->budget = budget > 0 ? budget : 0;
        return SQLITE_OK;
    }
    if (op == SQLITE_FCNTL_MMAP_SIZE) {
        // Not passed on: the default VFS would map the file (interiorFetch).
        *(sqlite3_int64 *)arg = 0;
        return SQLITE_OK;
    }
    sqlite3_file *real = REAL(file);
    return real->pMethods->xFileControl(real, op, arg);
}

#define FORWARD(name, ...)              \
    sqlite3_file *real = REAL(file);    \
    return real->pMethods->name(real, ##__VA_ARGS__)

static int interiorSync(sqlite3_file *file, int flags) { FORWARD(xSync, flags); }
static int interiorFileSize(sqlite3_file *file, sqlite3_int64 *size) { FORWARD(xFileSize, size); }
static int interiorLock(sqlite3_file *file, int level) { FORWARD(xLock, level); }
static int interiorCheckReservedLock(sqlite3_file *file, int *out) { FORWARD(xCheckReservedLock, out); }
static int interiorSectorSize(sqlite3_file *file) { FORWARD(xSectorSize); }
static int interiorDeviceCharacteristics(sqlite3_file *file) { FORWARD(xDeviceCharacteristics); }
static int interiorShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    FORWARD(xShmMap, region, size, extend, out);
}
static void interiorShmBarrier(sqlite3_file *file) {
    sqlite3_file *real = REAL(file);
    real->pMethods->xShmBarrier(real);
}
static int interiorShmUnmap(sqlite3_file *file, int deleteFlag) { FORWARD(xShmUnmap, deleteFlag); }

static const sqlite3_io_methods interiorMethods = {
    3, interiorClose, interiorRead, interiorWrite, interiorTruncate, interiorSync, interiorFileSize,
    interiorLock, interiorUnlock, interiorCheckReservedLock, interiorFileControl, interiorSectorSize,
    interiorDeviceCharacteristics, interiorShmMap, interiorShmLock, interiorShmBarrier, interiorShmUnmap,
    interiorFetch, interiorUnfetch,
};

// Only a main database file is wrapped; journals, WAL and temporary files are the
// default VFS's own, opened in the room SQLite gave.
static int interiorOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *outFlags) {
    (void)vfs;
    if (!(flags & SQLITE_OPEN_MAIN_DB)) return defaultVfs->xOpen(defaultVfs, name, file, flags, outFlags);
    InteriorFile *f = (InteriorFile *)file;
    f->pMethods = NULL;
    f->keeping = calloc(1, sizeof(Keeping));
    if (!f->keeping) return SQLITE_NOMEM;
    sqlite3_file *real = REAL(file);
    int rc = defaultVfs->xOpen(defaultVfs, name, real, flags, outFlags);
    if (rc == SQLITE_OK && real->pMethods && real->pMethods->iVersion >= 3) {
        f->pMethods = &interiorMethods;
        return SQLITE_OK;
    }
    free(f->keeping);
    f->keeping = NULL;
    if (rc != SQLITE_OK || !real->pMethods) return rc;
    // Every method above forwards as version 3 has it; an older default VFS's file is
    // used as it is, without the keeping.
    real->pMethods->xClose(real);
    return defaultVfs->xOpen(defaultVfs, name, file, flags, outFlags);
}

int popsh_interior_pages_register(void) {
    static int result = -1;
    if (result != -1) return result;
    defaultVfs = sqlite3_vfs_find(NULL);
    if (!defaultVfs) return result = SQLITE_ERROR;
    interiorVfs = *defaultVfs;
    interiorVfs.pNext = NULL;
    interiorVfs.zName = POPSH_INTERIOR_PAGES_VFS;
    interiorVfs.szOsFile = (int)sizeof(InteriorFile) + defaultVfs->szOsFile;
    interiorVfs.xOpen = interiorOpen;
    return result = sqlite3_vfs_register(&interiorVfs, 0);
}

int popsh_interior_pages_stats(sqlite3 *db, sqlite3_int64 *lent, sqlite3_int64 *bytes) {
    sqlite3_file *file = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file) return -1;
    if (file->pMethods != &interiorMethods) return -1;
    Keeping *k = ((InteriorFile *)file)->keeping;
    *lent = k->lentSince;
    *bytes = k->bytes;
    return 0;
}
