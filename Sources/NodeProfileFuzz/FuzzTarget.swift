import Foundation
import NodeProfileCore

/// Built once: parsing the embedded templates is not what is being fuzzed.
let compiler = ProfileCompiler(templates: try! TemplateSet.builtIn(), generator: "fuzz")

/// Any bytes through every stage of `ProfileCompiler` (read, shape, validate, plan, check, render, manifest), and both
/// diagnostic printers. A crash, a hang or a sanitizer report is a failure; diagnostics are the expected outcome.
func exercise(_ bytes: [UInt8]) {
    let resources = InMemoryResources(["secrets/proxy.pass": Array("fuzz-password\n".utf8)])
    let result = compiler.compile(.bytes(bytes, file: "fuzz.yaml"), resources: resources)
    let formatter = DiagnosticFormatter(sources: result.source.map { ["fuzz.yaml": $0] } ?? [:])
    for diagnostic in result.diagnostics { _ = formatter.text(diagnostic) }
    _ = DiagnosticFormatter.json(result.diagnostics)
}

#if NODEPROFILE_FUZZ
    import CLibFuzzer

    /// `make fuzz`: every module is built with ASan and coverage, and libFuzzer's driver runs the inputs.
    @main
    struct Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                    exercise(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
                    return 0
                })
        }
    }
#else
    /// Without the fuzzer: replays input files (the corpus, crash reproducers) through the same path.
    @main
    struct ReplayCorpus {
        static func main() {
            var count = 0
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("NodeProfileFuzz: cannot read \(path)\n".utf8))
                    exit(2)
                }
                exercise([UInt8](data))
                count += 1
            }
            print("replayed \(count) inputs")
        }
    }
#endif
