#ifndef WALLETCUSTODY_CSQLITE_SHIM_H
#define WALLETCUSTODY_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies bound text and blobs.
static inline sqlite3_destructor_type wc_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
