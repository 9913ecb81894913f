import CZlib

/// One gzip member exactly as libarchive's gzip filter writes it with `gzip:!timestamp,gzip:compression-level=6`:
/// a 10-byte header with no name and a zero time, raw deflate at level 6 (window 2^15, memLevel 8, default
/// strategy), then the CRC-32 and length of the input.
enum GzipMember {
    /// Level 6 (gzip's default): level 9 took three times as long for a few bytes less on these small text files.
    static let level: Int32 = 6

    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard nodeprofile_deflateInit2(&stream, level, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw Tarball.Failure(description: "zlib: cannot start deflate")
        }
        defer { deflateEnd(&stream) }
        // ID, deflate, no flags, time 0, no extra flags (level 6), OS Unix.
        let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var out = [UInt8](repeating: 0, count: header.count + bound + 8)
        let status: Int32 = input.withUnsafeBytes { source in
            out.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress! + header.count
                stream.avail_out = uInt(bound)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Tarball.Failure(description: "zlib: deflate failed (\(status))") }
        let length = header.count + Int(stream.total_out)
        out.replaceSubrange(0..<header.count, with: header)
        let crc = input.withUnsafeBytes { crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
        for (index, value) in [UInt32(truncatingIfNeeded: crc), UInt32(truncatingIfNeeded: input.count)].enumerated() {
            for byte in 0..<4 {
                out[length + index * 4 + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte)))
            }
        }
        out.removeLast(out.count - length - 8)
        return out
    }
}
