// libarchive for Swift: the writer API and archive entries. Nothing links libarchive: Tarball writes the plain ustar
// entries every bundle has itself, and opens libarchive.so.13 with dlopen only for an entry that needs a pax
// extended header, so no start pays for loading libarchive and the libraries it pulls in (libxml2, ICU, nettle...).
#include <archive.h>
#include <archive_entry.h>

// The functions Tarball calls, as pointer types for the addresses dlsym returns (same signatures as the headers).
typedef __typeof__(&archive_write_new) nodeprofile_archive_write_new;
typedef __typeof__(&archive_write_free) nodeprofile_archive_write_free;
typedef __typeof__(&archive_write_set_format_pax_restricted) nodeprofile_archive_write_set_format_pax_restricted;
typedef __typeof__(&archive_write_add_filter_gzip) nodeprofile_archive_write_add_filter_gzip;
typedef __typeof__(&archive_write_set_options) nodeprofile_archive_write_set_options;
typedef __typeof__(&archive_write_set_bytes_in_last_block) nodeprofile_archive_write_set_bytes_in_last_block;
typedef __typeof__(&archive_write_open2) nodeprofile_archive_write_open2;
typedef __typeof__(&archive_error_string) nodeprofile_archive_error_string;
typedef __typeof__(&archive_write_header) nodeprofile_archive_write_header;
typedef __typeof__(&archive_write_data) nodeprofile_archive_write_data;
typedef __typeof__(&archive_write_close) nodeprofile_archive_write_close;
typedef __typeof__(&archive_entry_new) nodeprofile_archive_entry_new;
typedef __typeof__(&archive_entry_free) nodeprofile_archive_entry_free;
typedef __typeof__(&archive_entry_set_pathname) nodeprofile_archive_entry_set_pathname;
typedef __typeof__(&archive_entry_set_filetype) nodeprofile_archive_entry_set_filetype;
typedef __typeof__(&archive_entry_set_perm) nodeprofile_archive_entry_set_perm;
typedef __typeof__(&archive_entry_set_size) nodeprofile_archive_entry_set_size;
typedef __typeof__(&archive_entry_set_uid) nodeprofile_archive_entry_set_uid;
typedef __typeof__(&archive_entry_set_gid) nodeprofile_archive_entry_set_gid;
typedef __typeof__(&archive_entry_set_uname) nodeprofile_archive_entry_set_uname;
typedef __typeof__(&archive_entry_set_gname) nodeprofile_archive_entry_set_gname;
typedef __typeof__(&archive_entry_set_mtime) nodeprofile_archive_entry_set_mtime;
