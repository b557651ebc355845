import Foundation
import Testing
@testable import HeraldCore

/// The feeds' XML reader: well-formed documents as a tree with namespaces resolved, entities and CDATA decoded,
/// encodings by BOM and declaration, and errors with their lines; DTD entities are never expanded.
@Suite struct MarkupParserTests {
    static func parse(_ text: String) throws -> MarkupElement {
        try MarkupParser.parse(Array(text.utf8))
    }

    static func failure(_ text: String) -> MarkupError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as MarkupError {
            return error
        } catch {
            return nil
        }
    }

    @Test func elementsAttributesAndTextInOrder() throws {
        let root = try Self.parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a feed -->
            <a x="1" y='two &amp; three'><b>one</b> and <c/>two<![CDATA[ <raw> & ]]></a>
            """)
        #expect(root.name == "a")
        #expect(root.attribute("x") == "1")
        #expect(root.attribute("y") == "two & three")
        #expect(root.children.map(\.name) == ["b", "c"])
        #expect(root.text == " and two <raw> & ")
        #expect(root.allText == "one and two <raw> & ")
        #expect(root.line == 3)
        #expect(root.child("b")?.line == 3)
    }

    @Test func entitiesAndCharacterReferencesDecodeButUnknownOnesStayAsWritten() throws {
        let root = try Self.parse("<t>&lt;&gt;&quot;&apos;&#233;&#x1F600; &nbsp; AT&T &#0; &bogus</t>")
        #expect(root.text == "<>\"'é😀 &nbsp; AT&T &#0; &bogus")
    }

    @Test func doctypeEntitiesAreNeverExpanded() throws {
        let root = try Self.parse("""
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;">
              <!ENTITY xxe SYSTEM "file:///etc/passwd">
            ]>
            <lolz>&lol2;&xxe;</lolz>
            """)
        #expect(root.text == "&lol2;&xxe;")
        #expect(root.line == 6)
    }

    @Test func namespacesResolveWhateverThePrefix() throws {
        let root = try Self.parse("""
            <rss xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:a="http://www.w3.org/2005/Atom">
            <item><c:encoded>full</c:encoded><a:link href="x"/><title>t</title></item>
            <f xmlns="urn:default"><g/><h xmlns=""/></f>
            </rss>
            """)
        let item = try #require(root.child("item"))
        #expect(item.child("encoded", in: FeedDocument.content)?.text == "full")
        #expect(item.child("link", in: FeedDocument.atom)?.attribute("href") == "x")
        #expect(item.child("title")?.text == "t")
        let f = try #require(root.children.first { $0.localName == "f" })
        #expect(f.namespace == "urn:default")
        #expect(f.child("g", in: "urn:default") != nil)
        #expect(f.child("h") != nil)
    }

    @Test func attributeWhitespaceIsNormalized() throws {
        let root = try Self.parse("<a t=\"one\ttwo\nthree\"/>")
        #expect(root.attribute("t") == "one two three")
        #expect(root.content.isEmpty)
    }

    @Test func encodingsByBOMAndDeclaration() throws {
        let latin1: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>caf".utf8) + [0xE9]
            + Array("</t>".utf8)
        #expect(try MarkupParser.parse(latin1).text == "café")
        let cp1252: [UInt8] = Array("<?xml version='1.0' encoding='windows-1252'?><t>".utf8) + [0x93, 0x80, 0x94]
            + Array("</t>".utf8)
        #expect(try MarkupParser.parse(cp1252).text == "“€”")
        let utf16: [UInt8] = [0xFF, 0xFE] + "<t>ß</t>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try MarkupParser.parse(utf16).text == "ß")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<t>ok</t>".utf8)
        #expect(try MarkupParser.parse(bom).text == "ok")
        #expect(throws: MarkupError.badEncoding("UTF-8")) { try MarkupParser.parse(Array("<t>".utf8) + [0xFF]) }
        #expect(throws: MarkupError.unsupportedEncoding("shift_jis")) {
            try MarkupParser.parse(Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><t/>".utf8))
        }
    }

    @Test func errorsSayWhereAndWhat() {
        #expect(Self.failure("<a>\n<b>\n</a>") == .mismatchedEndTag(expected: "b", found: "a", line: 3))
        #expect(Self.failure("<a>\n<b>") == .unexpectedEnd(inside: "the element <b> of line 2", line: 2))
        #expect(Self.failure("") == .noRootElement)
        #expect(Self.failure("  <!-- only a comment -->") == .noRootElement)
        #expect(Self.failure("hello") == .malformed("text outside the root element", line: 1))
        #expect(Self.failure("<a x=1/>") == .malformed("the value of x must be quoted", line: 1))
        #expect(Self.failure("<a x='1' x='2'/>") == .malformed("the attribute x is repeated in <a>", line: 1))
        #expect(Self.failure("<a\n><p:b/></a>") == .malformed("the prefix p of <p:b> is not declared", line: 2))
        #expect(Self.failure("<a><!-- open") == .unexpectedEnd(inside: "a comment started on line 1", line: 1))
        #expect(Self.failure("<a x='1'y='2'/>")
            == .malformed("expected a space, > or /> in the tag <a>", line: 1))
    }

    @Test func nestingIsBoundedWithoutRecursion() throws {
        let deep = String(repeating: "<a>", count: MarkupParser.maximumDepth + 1)
        #expect(Self.failure(deep) == .tooDeep(line: 1))
        let fine = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect(try Self.parse(fine).name == "a")
    }

    @Test func contentAfterTheRootIsIgnored() throws {
        #expect(try Self.parse("<a>x</a>\n<!-- served by a CMS -->\ntrailing junk").text == "x")
    }
}
