import Testing
@testable import HeraldConfig

@Suite("TOMLSourceLocator")
struct TOMLSourceLocatorTests {
    func line(_ locator: TOMLSourceLocator, _ path: ConfigPath) -> Int? { locator.position(of: path)?.line }

    @Test("tables, arrays of tables and keys get their lines")
    func tablesAndKeys() {
        let text = """
            # comment
            top = 1

            [daemon]
            spool = "/s"   # trailing comment
              state="/t"

            [[accounts]]
            name = "a"

            [[accounts]]
            name = "b"
            time_zone = "UTC"
            """
        let locator = TOMLSourceLocator(text: text)
        #expect(line(locator, [.key("top")]) == 2)
        #expect(line(locator, [.key("daemon")]) == 4)
        #expect(line(locator, [.key("daemon"), .key("spool")]) == 5)
        #expect(locator.position(of: [.key("daemon"), .key("state")]) == SourcePosition(line: 6, column: 3))
        #expect(line(locator, [.key("accounts")]) == 8)
        #expect(line(locator, [.key("accounts"), .index(0)]) == 8)
        #expect(line(locator, [.key("accounts"), .index(0), .key("name")]) == 9)
        #expect(line(locator, [.key("accounts"), .index(1)]) == 11)
        #expect(line(locator, [.key("accounts"), .index(1), .key("name")]) == 12)
        #expect(line(locator, [.key("accounts"), .index(1), .key("time_zone")]) == 13)
    }

    @Test("array elements, even across lines, and inline table keys")
    func arraysAndInlineTables() {
        let text = """
            slots = ["09:00", "12:30",
              # a comment inside the array
              "17:15", [1, 2], { a = 1 },
            ]
            zones = { "America/New_York" = 0.6, 'Europe/Oslo' = 0.4, nested = { deep = true } }
            after = 1
            """
        let locator = TOMLSourceLocator(text: text)
        #expect(locator.position(of: [.key("slots"), .index(0)]) == SourcePosition(line: 1, column: 10))
        #expect(locator.position(of: [.key("slots"), .index(1)]) == SourcePosition(line: 1, column: 19))
        #expect(line(locator, [.key("slots"), .index(2)]) == 3)
        #expect(line(locator, [.key("slots"), .index(3), .index(1)]) == 3)
        #expect(line(locator, [.key("slots"), .index(4), .key("a")]) == 3)
        #expect(line(locator, [.key("slots"), .index(5)]) == nil)
        #expect(locator.position(of: [.key("zones"), .key("America/New_York")]) == SourcePosition(line: 5, column: 11))
        #expect(line(locator, [.key("zones"), .key("Europe/Oslo")]) == 5)
        #expect(line(locator, [.key("zones"), .key("nested"), .key("deep")]) == 5)
        #expect(line(locator, [.key("after")]) == 6)
    }

    @Test("strings that look like structure are skipped")
    func strings() {
        let text = #"""
            a = "x = [ # not a comment \" still a string"
            b = """
            [[accounts]]
            name = "fake" \"""
            """
            c = '''
            [daemon]'''
            d = 'C:\path\' # literal strings have no escapes
            e = """ends with a quote inside"""""
            f = 1979-05-27 07:32:00Z
            g = [1979-05-27 07:32:00, 2]
            """#
        let locator = TOMLSourceLocator(text: text)
        #expect(line(locator, [.key("b")]) == 2)
        #expect(line(locator, [.key("accounts")]) == nil)
        #expect(line(locator, [.key("daemon")]) == nil)
        #expect(line(locator, [.key("c")]) == 6)
        #expect(line(locator, [.key("d")]) == 8)
        #expect(line(locator, [.key("e")]) == 9)
        #expect(line(locator, [.key("f")]) == 10)
        #expect(line(locator, [.key("g"), .index(1)]) == 11)
    }

    @Test("dotted and quoted keys, sub-tables of arrays of tables")
    func dottedKeys() {
        let text = """
            [[audiences]]
            name = "one"
            [[audiences]]
            name = "two"
            [audiences.zones]
            "America/New_York" = 0.5
            site . "x.y" . z = 1
            [[audiences.curves]]
            zone = "UTC"
            [ "quoted table" ]
            k = 1
            """
        let locator = TOMLSourceLocator(text: text)
        #expect(line(locator, [.key("audiences"), .index(1), .key("zones")]) == 5)
        #expect(line(locator, [.key("audiences"), .index(1), .key("zones"), .key("America/New_York")]) == 6)
        #expect(line(locator, [.key("audiences"), .index(1), .key("zones"), .key("site"), .key("x.y"), .key("z")]) == 7)
        #expect(line(locator, [.key("audiences"), .index(1), .key("zones"), .key("site")]) == 7)
        #expect(line(locator, [.key("audiences"), .index(1), .key("curves"), .index(0), .key("zone")]) == 9)
        #expect(line(locator, [.key("quoted table"), .key("k")]) == 11)
    }

    @Test("nearestPosition falls back to the enclosing table")
    func nearest() {
        let text = "[daemon]\nspool = \"/s\"\n\n[[accounts]]\nname = \"a\"\n"
        let locator = TOMLSourceLocator(text: text)
        #expect(locator.nearestPosition(of: [.key("accounts"), .index(0), .key("command")])?.line == 4)
        #expect(locator.nearestPosition(of: [.key("daemon"), .key("state")])?.line == 1)
        #expect(locator.nearestPosition(of: [.key("sessions")]) == nil)
    }

    @Test("CRLF line endings and a byte order mark")
    func crlf() {
        let text = "\u{FEFF}[daemon]\r\nspool = \"/s\"\r\n\r\n[[accounts]]\r\nname = \"a\"\r\n"
        let locator = TOMLSourceLocator(text: text)
        #expect(locator.position(of: [.key("daemon")]) == SourcePosition(line: 1, column: 2))
        #expect(locator.position(of: [.key("accounts"), .index(0), .key("name")]) == SourcePosition(line: 5, column: 1))
    }

    @Test("malformed text ends the scan without trapping", arguments: [
        "[", "[[", "a = [", "a = {", "a = \"\"\"", "= 1", "a = [1,,,", "]]]", "a.", "\"", "'", "a = 'x", "{}", "#",
        "[a.\"b", "x = \"\\u12", "a = [[[[",
    ])
    func malformed(text: String) {
        _ = TOMLSourceLocator(text: text)
    }
}
