// SQLite's C API (Debian: libsqlite3-dev puts sqlite3.h on the default include path).
#include <sqlite3.h>
