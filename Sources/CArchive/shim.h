// libarchive for Swift: the writer API and archive entries.
#include <archive.h>
#include <archive_entry.h>
