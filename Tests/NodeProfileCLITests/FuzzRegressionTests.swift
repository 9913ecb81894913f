import Foundation
import NodeProfileTestSupport
import Testing

/// Every input kept in Tests/FuzzRegressions (crash reproducers from `make fuzz`, and hostile seeds) and every
/// blueprint goes through parse, validate and render again without crashing.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test("the kept inputs replay cleanly")
    func replay() throws {
        let directory = BuiltBinary.repository.appendingPathComponent("Tests/FuzzRegressions")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            directory.appendingPathComponent($0).path
        }
        #expect(inputs.count >= 5)
        let run = try BuiltBinary.run(
            inputs + Blueprints.all.map { "blueprints/\($0).yaml" }, product: "NodeProfileFuzz")
        #expect(
            run.status == 0 && run.stdout == "replayed \(inputs.count + Blueprints.all.count) inputs\n", "\(run.stderr)"
        )
    }
}
