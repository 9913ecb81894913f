import Glibc

/// The directories one batch of writes has walked to, kept open by device path, so the next file in the same
/// directory opens no path from the root again. Each was reached component by component with O_NOFOLLOW; a batch
/// that holds them removes or renames no directory, so a kept descriptor always names the directory at its path.
final class DirectoryHandles: @unchecked Sendable {
    private var open: [String: Int32] = [:]
    private let lock = Mutex()

    /// A new descriptor (the caller closes it) for the kept directory at `path`, or nil when none is kept.
    func duplicate(_ path: String) -> Int32? {
        lock.locked {
            guard let descriptor = open[path] else { return nil }
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
            return copy >= 0 ? copy : nil
        }
    }

    /// Keeps a copy of `descriptor`, the directory at `path`.
    func keep(_ path: String, _ descriptor: Int32) {
        lock.locked {
            guard open[path] == nil else { return }
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
            if copy >= 0 { open[path] = copy }
        }
    }

    /// Closes every kept descriptor.
    func closeAll() {
        lock.locked {
            for descriptor in open.values { close(descriptor) }
            open = [:]
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
