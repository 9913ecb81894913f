// zlib for Swift: the deflate stream the tarball's gzip member is written with.
#include <zlib.h>

// deflateInit2 is a macro over deflateInit2_, which Swift cannot call; this is the macro as a function.
static inline int nodeprofile_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, strategy);
}

// inflateInit2 likewise: the agent reads a bundle's tarball (`apply --bundle FILE.tar.gz`).
static inline int nodeprofile_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
