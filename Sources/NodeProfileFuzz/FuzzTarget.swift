import Foundation
import NodeProfileCore

/// Built once: parsing the embedded templates is not what is being fuzzed.
let templates = try! TemplateSet.builtIn()

/// Any bytes through parse, validate, plan, check and render, and both diagnostic printers. A crash, a hang
/// or a sanitizer report is a failure; diagnostics are the expected outcome.
func exercise(_ bytes: [UInt8]) {
    let resources = InMemoryResources(["secrets/proxy.pass": Array("fuzz-password\n".utf8)])
    let result = ProfileFrontEnd().read(bytes: bytes, file: "fuzz.yaml", resources: resources)
    if let source = try? SourceText.decode(bytes, file: "fuzz.yaml").get() {
        let formatter = DiagnosticFormatter(sources: ["fuzz.yaml": source])
        for diagnostic in result.diagnostics { _ = formatter.text(diagnostic) }
    }
    _ = DiagnosticFormatter.json(result.diagnostics)
    if let profile = result.profile, let document = result.document {
        let locator = ProfileLocator(document: document)
        let compiler = BundleCompiler(templates: templates, generator: "fuzz")
        _ = compiler.compile(profile, secrets: ProfileSecretsReader.read(profile, resources: resources), locate: locator.location(of:))
    }
}

#if NODEPROFILE_FUZZ
import CLibFuzzer

/// `make fuzz`: every module is built with ASan and coverage, and libFuzzer's driver runs the inputs.
@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
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
