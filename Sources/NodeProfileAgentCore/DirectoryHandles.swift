import Glibc

/// The directories one agent run has walked to under its root, kept open by device path ("" is the root itself), so
/// that each is opened once per run, and the directories it found missing, so that it does not look for them again.
/// Each was reached component by component with O_NOFOLLOW. The run holds the agent's lock and removes or renames a
/// directory only through `RootFS.removeTree` and `RootFS.move`, which forget what they change, so a kept descriptor
/// always names the directory at its path. A directory someone else creates while the run goes on reads as missing
/// until the run creates it itself, as if it had been looked for before it came.
final class DirectoryHandles: @unchecked Sendable {
    /// What the run knows of a directory.
    enum Entry: Equatable {
        /// Open; the descriptor is the cache's (callers never close it).
        case open(Int32)
        /// Not there when the run looked (nor, then, anything below it).
        case missing
    }

    /// How many descriptors the cache holds at most: past it, a walk's descriptors are closed after use, as without a
    /// cache, so that a bundle with thousands of directories cannot exhaust the agent's descriptors.
    static let limit = 256

    private var entries: [String: Entry] = [:]
    private var held = 0
    private var tries: [String: (opened: Int, missing: Int)] = [:]
    private let lock = Mutex()

    /// What the run knows of the directory at `path`, or nil when it has not looked.
    func entry(_ path: String) -> Entry? { lock.locked { entries[path] } }

    /// Keeps `descriptor`, the directory at `path`, open for the rest of the run; false (the caller keeps and closes
    /// it) when the cache is full or already holds that path. Either way the path no longer reads as missing.
    func keep(_ path: String, _ descriptor: Int32) -> Bool {
        lock.locked {
            if case .open = entries[path] { return false }
            guard held < Self.limit else {
                entries[path] = nil
                return false
            }
            entries[path] = .open(descriptor)
            held += 1
            return true
        }
    }

    /// Notes that the directory at `path` is not there.
    func noteMissing(_ path: String) { lock.locked { entries[path] = .missing } }

    /// Counts one attempt to open the directory at `path`: `opened`, or not there (what `tries` reports).
    func noteTried(_ path: String, opened: Bool) {
        lock.locked {
            var counts = tries[path] ?? (0, 0)
            if opened { counts.opened += 1 } else { counts.missing += 1 }
            tries[path] = counts
        }
    }

    /// Device path -> how many times the run opened that directory, and how many times it looked for it in vain.
    /// With the cache at work, each directory is opened once, and looked for in vain at most once (before the run
    /// creates it).
    var attempts: [String: (opened: Int, missing: Int)] { lock.locked { tries } }

    /// How many descriptors the cache holds now.
    var count: Int { lock.locked { held } }

    /// Forgets (and closes) what the cache knows of `path` and everything below it, before it is removed or renamed.
    func forget(under path: String) {
        lock.locked {
            for key in entries.keys where key == path || key.hasPrefix(path + "/") {
                if case .open(let descriptor) = entries.removeValue(forKey: key) {
                    close(descriptor)
                    held -= 1
                }
            }
        }
    }

    /// Closes every kept descriptor and forgets everything: the end of the run.
    func closeAll() {
        lock.locked {
            for case .open(let descriptor) in entries.values { close(descriptor) }
            entries = [:]
            held = 0
        }
    }
}

/// A pthread mutex, for the few shared maps the agent keeps (no Foundation in the agent).
final class Mutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the mutex.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
