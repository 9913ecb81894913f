#if canImport(Glibc)
    import Glibc
#endif

/// A system library opened with dlopen by its soname when first needed, instead of linked: a library linked into the
/// binary is loaded and relocated at every start, with everything it pulls in, even by `--version`.
final class SharedLibrary: @unchecked Sendable {
    /// The soname, as dlopen takes it (`librpm.so.9`).
    let soname: String
    private let handle: UnsafeMutableRawPointer

    /// Why a library or one of its functions could not be loaded.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens `soname`; `packages` names the distribution packages that install it, for the error.
    init(_ soname: String, packages: String) throws(Failure) {
        self.soname = soname
        guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw Failure(description: "cannot load \(soname) (install \(packages)): \(reason)")
        }
        self.handle = handle
    }

    /// The function `name` as the pointer type `Function` (a `@convention(c)` type from the C shim's typedefs).
    func function<Function>(_ name: String, as type: Function.Type = Function.self) throws(Failure) -> Function {
        guard let address = dlsym(handle, name) else {
            throw Failure(description: "\(soname) has no function \(name)")
        }
        return unsafeBitCast(address, to: Function.self)
    }
}
