// zlib (Debian: zlib1g-dev): inflate and deflate for .zip entries and .tar.gz archives, and crc32.
#include <zlib.h>
