/// The parts of a .docx package besides the body: content types, relationships, properties,
/// styles, settings and the bullet list definition.
enum DOCXParts {
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    private static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    /// [Content_Types].xml: the type of every part.
    static let contentTypes: String = {
        let office = "application/vnd.openxmlformats-officedocument."
        let overrides = [
            ("/word/document.xml", office + "wordprocessingml.document.main+xml"),
            ("/word/styles.xml", office + "wordprocessingml.styles+xml"),
            ("/word/settings.xml", office + "wordprocessingml.settings+xml"),
            ("/word/numbering.xml", office + "wordprocessingml.numbering+xml"),
            ("/word/footer1.xml", office + "wordprocessingml.footer+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", office + "extended-properties+xml"),
        ]
        return declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + overrides.map { "<Override PartName=\"\($0.0)\" ContentType=\"\($0.1)\"/>" }.joined() + "</Types>"
    }()

    /// _rels/.rels: the main document and the two property parts.
    static let packageRelationships = relationships([
        (relationshipTypes + "officeDocument", "word/document.xml"),
        ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
        (relationshipTypes + "extended-properties", "docProps/app.xml"),
    ])

    /// word/_rels/document.xml.rels: the document's styles, settings, numbering and footer.
    static let documentRelationships = relationships(documentTargets)

    private static let documentTargets = [
        (type: relationshipTypes + "styles", target: "styles.xml"),
        (type: relationshipTypes + "settings", target: "settings.xml"),
        (type: relationshipTypes + "numbering", target: "numbering.xml"),
        (type: relationshipTypes + "footer", target: "footer1.xml"),
    ]

    /// The relationship id of the footer in `documentRelationships` (ids follow the list).
    static let footerRelationship: String = {
        guard let index = documentTargets.firstIndex(where: { $0.target == "footer1.xml" }) else {
            preconditionFailure("footer1.xml is one of the document's relationships")
        }
        return "rId\(index + 1)"
    }()

    /// word/footer1.xml: the page number (a PAGE field), centred.
    static let footer =
        declaration + "<w:ftr xmlns:w=\"\(wordNamespace)\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
        + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>"

    private static func relationships(_ targets: [(type: String, target: String)]) -> String {
        declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + targets.enumerated().map { index, target in
                "<Relationship Id=\"rId\(index + 1)\" Type=\"\(target.type)\" Target=\"\(target.target)\"/>"
            }.joined() + "</Relationships>"
    }

    /// docProps/core.xml: the title, creator and language, and no dates, so that the same
    /// document gives the same bytes.
    static func coreProperties(_ document: ReportDocument) -> String {
        declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XMLText.escaped(document.title))</dc:title><dc:creator>attain</dc:creator>"
            + "<dc:language>\(languageTag(document.language))</dc:language></cp:coreProperties>"
    }

    /// docProps/app.xml: the application.
    static let appProperties =
        declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
        + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        + "<Application>attain</Application><DocSecurity>0</DocSecurity></Properties>"

    /// word/settings.xml: Chinese punctuation compression and Word 2013+ layout (no
    /// compatibility mode).
    static let settings =
        declaration + "<w:settings xmlns:w=\"\(wordNamespace)\"><w:zoom w:percent=\"100\"/>"
        + "<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>"
        + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\""
        + " w:val=\"15\"/></w:compat></w:settings>"

    /// word/numbering.xml: one bullet list (numId 1), used by the List Bullet style.
    static let numbering =
        declaration + "<w:numbering xmlns:w=\"\(wordNamespace)\"><w:abstractNum w:abstractNumId=\"0\">"
        + "<w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
        + "<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc w:val=\"left\"/>"
        + "<w:pPr><w:ind w:left=\"420\" w:hanging=\"420\"/></w:pPr>"
        + "<w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\" w:hint=\"default\"/>"
        + "</w:rPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"

    /// The BCP 47 tag of a report language.
    static func languageTag(_ language: ReportLanguage) -> String {
        switch language {
        case .zh: "zh-CN"
        case .en: "en-US"
        }
    }

    /// word/styles.xml: the defaults (body font and size, language) and the styles the body
    /// uses. Headings are Word's built-in `heading 1`–`heading 3` with outline levels, so the
    /// TOC field and the navigation pane find them.
    ///
    /// Chinese reports follow the usual 自评报告 layout: body 宋体 五号 (10.5 pt) with a
    /// two-character first-line indent, headings 黑体 三号/四号/小四, tables 小五 (9 pt).
    static func styles(_ language: ReportLanguage) -> String {
        let chinese = language == .zh
        let headingFonts =
            "<w:rFonts w:ascii=\"\(DOCXFonts.headingLatin)\" w:hAnsi=\"\(DOCXFonts.headingLatin)\""
            + " w:eastAsia=\"\(DOCXFonts.heading)\" w:cs=\"\(DOCXFonts.headingLatin)\"/>"
        // 黑体 is heavy already; Arial headings in English reports need bold.
        let headingBold = chinese ? "" : "<w:b/><w:bCs/>"
        func size(_ halfPoints: Int) -> String { "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>" }
        // Chapters (Heading 2; Heading 1 is the report's title) start on a new page.
        func heading(_ level: Int, before: Int, after: Int, halfPoints: Int) -> String {
            style(
                "Heading\(level)", name: "heading \(level)", next: "BodyText", priority: 9,
                paragraph: "<w:keepNext/><w:keepLines/>" + (level == 2 ? "<w:pageBreakBefore/>" : "") + "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\"/>"
                    + "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"\(level - 1)\"/>",
                run: headingFonts + headingBold + size(halfPoints))
        }
        func tableOfContents(_ level: Int) -> String {
            style(
                "TOC\(level)", name: "toc \(level)", next: "Normal", priority: 39, hidden: true,
                paragraph:
                    "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"\(DOCXPage.textWidth(landscape: false))\"/>"
                    + "</w:tabs><w:spacing w:after=\"60\"/><w:ind w:left=\"\((level - 1) * 420)\"/>")
        }
        let bodyParagraph =
            chinese
            ? "<w:spacing w:after=\"60\" w:line=\"300\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"420\"/>"
            : "<w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/>"
        let tag = languageTag(language)
        let styles = [
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
                + "<w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>",
            "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
                + "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
            "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
                + "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
                + "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
                + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
            "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/>"
                + "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
            heading(1, before: 360, after: 240, halfPoints: 32),
            heading(2, before: 240, after: 120, halfPoints: 28),
            heading(3, before: 240, after: 120, halfPoints: 24),
            style("BodyText", name: "Body Text", next: "BodyText", priority: 0, paragraph: bodyParagraph),
            style(
                "ListBullet", name: "List Bullet", next: "ListBullet", priority: 0,
                paragraph:
                    "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"40\" w:line=\"300\" w:lineRule=\"auto\"/>"
            ),
            style(
                "Caption", name: "caption", next: "BodyText", priority: 35,
                paragraph: "<w:spacing w:before=\"60\" w:after=\"120\"/><w:jc w:val=\"center\"/>", run: headingFonts),
            style(
                "TableText", name: "Table Text", next: "TableText", priority: 0, custom: true,
                paragraph:
                    "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>",
                run: size(18)),
            tableOfContents(1), tableOfContents(2), tableOfContents(3),
            "<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"Code\"><w:name w:val=\"Code\"/>"
                + "<w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"1\"/><w:qFormat/><w:rPr>"
                + "<w:rFonts w:ascii=\"\(DOCXFonts.code)\" w:hAnsi=\"\(DOCXFonts.code)\" w:cs=\"\(DOCXFonts.code)\"/></w:rPr></w:style>",
        ]
        return declaration + "<w:styles xmlns:w=\"\(wordNamespace)\"><w:docDefaults><w:rPrDefault><w:rPr>"
            + "<w:rFonts w:ascii=\"\(DOCXFonts.bodyLatin)\" w:hAnsi=\"\(DOCXFonts.bodyLatin)\""
            + " w:eastAsia=\"\(DOCXFonts.body)\" w:cs=\"\(DOCXFonts.bodyLatin)\"/>" + size(21)
            + "<w:lang w:val=\"\(tag)\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
            + "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
            + "</w:docDefaults>" + styles.joined() + "</w:styles>"
    }

    /// A paragraph style based on Normal.
    ///
    /// `priority` 0 leaves the UI priority unset; `hidden` styles (the TOC levels) show in
    /// Word's gallery only once used; `custom` marks a style that is not one of Word's.
    private static func style(
        _ id: String, name: String, next: String, priority: Int, hidden: Bool = false, custom: Bool = false,
        paragraph: String, run: String = ""
    ) -> String {
        "<w:style w:type=\"paragraph\"" + (custom ? " w:customStyle=\"1\"" : "") + " w:styleId=\"\(id)\">"
            + "<w:name w:val=\"\(name)\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"\(next)\"/>"
            + (priority > 0 ? "<w:uiPriority w:val=\"\(priority)\"/>" : "")
            + (hidden ? "<w:semiHidden/><w:unhideWhenUsed/>" : "<w:qFormat/>")
            + "<w:pPr>\(paragraph)</w:pPr>" + (run.isEmpty ? "" : "<w:rPr>\(run)</w:rPr>") + "</w:style>"
    }
}
