import Testing

@testable import NodeProfileCore

/// The logic-less template engine and the built-in template set.
@Suite("Templates")
struct TemplateTests {
    @Test("variables, sections, inverted sections and standalone tag lines")
    func rendering() throws {
        let template = try Template(
            name: "t",
            source: """
                head {{name}}
                {{#items}}
                - {{value}} of {{name}}
                {{/items}}
                {{^items}}
                none
                {{/items}}
                {{! a comment line disappears }}
                {{#on}}on{{/on}}{{^on}}off{{/on}}
                """)
        let context: TemplateContext = [
            "name": .text("n"), "on": .flag(false),
            "items": .list([["value": .text("a")], ["value": .text("b")]]),
        ]
        #expect(try template.render(context) == "head n\n- a of n\n- b of n\noff")
        #expect(try template.render(["name": .text("n"), "on": .flag(true), "items": .list([])]) == "head n\nnone\non")
    }

    @Test(
        "template errors name the template and the tag",
        arguments: [
            ("{{#a}}x", "{{#a}} is never closed"), ("{{/a}}", "{{/a}} closes nothing"), ("{{}}", "empty {{}} tag"),
        ])
    func syntaxErrors(_ source: String, _ problem: String) {
        #expect(throws: TemplateError(template: "bad", problem: problem)) { try Template(name: "bad", source: source) }
    }

    @Test("an unknown name is an error at render time, not an empty string")
    func unknownName() throws {
        let template = try Template(name: "t", source: "{{missing}}")
        #expect(throws: TemplateError.self) { try template.render([:]) }
    }

    @Test("every built-in template is embedded and parses")
    func builtIn() throws {
        #expect(TemplateSet.builtInNames.count >= 20)
        #expect(TemplateSet.builtInNames.contains("ovs/ovs-init.sh"))
        _ = try TemplateSet.builtIn()
    }
}
