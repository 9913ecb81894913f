import ArgumentParser
import Foundation
import NodeProfileCore

extension OutputDirectory {
    /// Prepares `path`, lets `body` write into the staging directory, and commits; on any failure the staging
    /// directory is removed, the target is left as it was, and the reason is printed (exit 1).
    static func writing<T>(_ path: String, _ body: (URL) throws -> T) throws -> T {
        let output: OutputDirectory
        do {
            output = try prepare(path)
        } catch {
            Terminal.standardError(error.description + "\n")
            throw ExitCode(1)
        }
        do {
            let result = try body(output.staging)
            try output.commit()
            return result
        } catch let error as OutputError {
            output.discard()
            Terminal.standardError(error.description + "\n")
            throw ExitCode(1)
        } catch {
            output.discard()
            throw error
        }
    }
}
