import Foundation
import PasanDomain
import ZIPFoundation

/// One file of an exported repository: its path inside the repository and its bytes.
public struct OpenSDGExportFile: Sendable, Hashable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public var text: String { String(decoding: contents, as: UTF8.self) }
}

/// Writes a complete Open SDG data repository that sdg-build 2.3.0 builds as it is:
///
/// ```
/// config_data.yml                  languages lo, en; local inputs and translations only
/// _prose.yml                       the metadata schema (sdg-build's SchemaInputOpenSdg)
/// data/indicator_<id>.csv          tidy values (docs/open-sdg.md), one file per indicator with data
/// meta/<id>.md                     metadata, YAML front matter (English and language-free fields)
/// meta/{en,lo}/<id>.md             the same fields per language; Lao nobody wrote stays empty
/// indicator-config/<id>.yml        reporting status, graph, progress calculation options
/// translations/{lo,en}/<group>.yml titles (global_goals, global_targets, global_indicators),
///                                  metadata field labels, and the codes of each column (SEX.yml …)
/// translations/lo-status.csv       the review state of every Lao text written (machine, unreviewed, …)
/// README.md, LICENSE.md
/// ```
///
/// Everything is deterministic: the same input gives the same bytes (files sorted by path).
public enum OpenSDGWriter {
    /// The site languages, Lao first (the site's default).
    public static let languages = ["lo", "en"]

    /// Columns that never become filters of the headline (docs/open-sdg.md): sdg-build's
    /// defaults and the attributes Pasan writes.
    public static let nonDisaggregationColumns = [
        "Year", "Units", "Series", "Value", "GeoCode", "Observation status", "Unit multiplier", "Unit measure", "UNIT_MEASURE", "SERIES",
        "COMMENT_TS", "DATA_LAST_UPDATE", "OBS_STATUS", "SOURCE_DETAIL", "COMMENT_OBS",
    ]

    /// The repository: its files, sorted by path, and counts of what they hold.
    public struct Repository: Sendable, Hashable {
        public var files: [OpenSDGExportFile]
        /// Indicators written (an `indicator-config` and metadata each).
        public var indicators: Int
        /// Indicators with a data file (reporting status `complete`).
        public var dataFiles: Int
        /// Rows of the data files: one per published value.
        public var observations: Int
        /// Translation groups written per language.
        public var translationGroups: Int
    }

    /// Open SDG's id of a code: `1.2.1` → `1-2-1`, `4.5.1.a` → `4-5-1-a`.
    public static func fileID(_ code: String) -> String { code.replacingOccurrences(of: ".", with: "-") }

    /// Every file of the repository. Throws every value that cannot be written (a duplicate, a
    /// number that is not finite, an indicator not in the input) before writing anything.
    public static func repository(_ input: OpenSDGExportInput) throws -> Repository {
        var files: [OpenSDGExportFile] = []
        var dataFiles = 0, rows = 0
        func add(_ path: String, _ text: String) { files.append(OpenSDGExportFile(path: path, contents: Data(text.utf8))) }

        let known = Set(input.indicators.map(\.code))
        let byIndicator = Dictionary(grouping: input.observations, by: \.indicator)
        var problems: [ExchangeProblem] = []
        for code in byIndicator.keys.sorted() where !known.contains(code) {
            problems.append(
                ExchangeProblem(
                    file: "data/indicator_\(fileID(code)).csv",
                    found: code,
                    expected: Message("opensdg_export.problem.indicator")
                )
            )
        }

        var textColumns: Set<String> = []
        for indicator in input.indicators {
            let id = indicator.fileID
            if let observations = byIndicator[indicator.code], !observations.isEmpty {
                let path = "data/indicator_\(id).csv"
                do {
                    let table = try OpenSDGExportCSV.table(observations, file: path, dimensionOrder: input.dimensionOrder)
                    textColumns.formUnion(table.columns.filter { $0 != "Year" && $0 != "Value" })
                    add(path, OpenSDGExportCSV.text(table))
                    dataFiles += 1
                    rows += table.rows.count
                } catch let error as ExchangeProblems {
                    problems += error.problems
                }
            }
            add("indicator-config/\(id).yml", try indicatorConfig(indicator, coverage: input.nationalCoverage))
            for language in [nil] + languages {
                let path = language.map { "meta/\($0)/\(id).md" } ?? "meta/\(id).md"
                add(path, try metadata(indicator, fields: input.metadataFields, language: language))
            }
        }
        guard problems.isEmpty else { throw ExchangeProblems(problems) }

        add("config_data.yml", try configData(textColumns: textColumns.sorted(), exportedAt: input.exportedAt))
        add("_prose.yml", try schema(input.metadataFields))
        let groups = translationGroups(input)
        for language in languages {
            for group in groups {
                let pairs = group.entries.compactMap { entry in
                    entry.text.stored(in: language == "lo" ? .lo : .en).map { OpenSDGExportYAML.Pair(entry.key, .text($0)) }
                }
                add("translations/\(language)/\(group.name).yml", try OpenSDGExportYAML.document(pairs))
            }
        }
        var status = OpenSDGExportCSV.line(["group", "key", "lo_status"])
        for group in groups {
            for entry in group.entries where entry.text.lo != nil {
                status += OpenSDGExportCSV.line([group.name, entry.key, entry.text.loStatus.rawValue])
            }
        }
        add("translations/lo-status.csv", status)
        add("README.md", input.readme)
        add("LICENSE.md", input.licence)
        return Repository(
            files: files.sorted { $0.path < $1.path },
            indicators: input.indicators.count,
            dataFiles: dataFiles,
            observations: rows,
            translationGroups: groups.count
        )
    }

    /// Writes the files under `directory` (created when missing), replacing files of the same name.
    public static func write(_ files: [OpenSDGExportFile], to directory: URL) throws {
        let manager = FileManager.default
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, options: .atomic)
        }
    }

    /// The files as one zip (deflated), under a top folder `root` (`pasan-open-sdg/…`), dated
    /// `modified` so the same data gives the same bytes.
    public static func zip(_ files: [OpenSDGExportFile], root: String, modified: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let contents = file.contents
            try archive.addEntry(
                with: root + "/" + file.path,
                type: .file,
                uncompressedSize: Int64(contents.count),
                modificationDate: modified,
                compressionMethod: .deflate,
                provider: { position, size in contents.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return archive.data ?? Data()
    }

    // MARK: - The files

    static func indicatorConfig(_ indicator: OpenSDGExportInput.Indicator, coverage: String) throws -> String {
        typealias Y = OpenSDGExportYAML
        let key = "global_indicators.\(indicator.fileID)-title"
        var pairs: [Y.Pair] = [
            Y.Pair("indicator_number", .text(indicator.code)),
            Y.Pair("indicator_name", .text(key)),
            Y.Pair("graph_title", .text(key)),
            Y.Pair("graph_type", .text("line")),
            Y.Pair("reporting_status", .text(indicator.reportingStatus.rawValue)),
            Y.Pair("data_non_statistical", .bool(false)),
            Y.Pair("national_geographical_coverage", .text(coverage)),
            Y.Pair("data_show_map", .bool(false)),
        ]
        if !indicator.progress.isEmpty {
            pairs.append(Y.Pair("auto_progress_calculation", .bool(true)))
            pairs.append(Y.Pair("progress_calculation_options", .list(indicator.progress.map(progressOption))))
        }
        return try Y.document(pairs)
    }

    static func progressOption(_ option: OpenSDGExportInput.ProgressOption) -> OpenSDGExportYAML.Value {
        typealias Y = OpenSDGExportYAML
        var pairs = [Y.Pair("series", .text(option.series))]
        if let unit = option.unit { pairs.append(Y.Pair("unit", .text(unit))) }
        if !option.disaggregation.isEmpty {
            pairs.append(
                Y.Pair(
                    "disaggregation",
                    .list(
                        option.disaggregation.sorted { $0.key < $1.key }.map {
                            .map([Y.Pair("field", .text($0.key)), Y.Pair("value", .text($0.value))])
                        }
                    )
                )
            )
        }
        pairs.append(Y.Pair("base_year", .int(option.baseYear)))
        pairs.append(Y.Pair("target_year", .int(option.targetYear)))
        if let target = option.target { pairs.append(Y.Pair("target", .number(target))) }
        pairs.append(Y.Pair("direction", .text(option.direction == 1 ? "positive" : "negative")))
        if let limit = option.limit { pairs.append(Y.Pair("limit", .number(limit))) }
        return .map(pairs)
    }

    /// `meta/<id>.md` (`language` nil: English, and the fields that read the same in every
    /// language) or `meta/<language>/<id>.md`. A field with no Lao is written empty in Lao.
    static func metadata(
        _ indicator: OpenSDGExportInput.Indicator,
        fields: [OpenSDGExportInput.MetadataField],
        language: String?
    ) throws
        -> String
    {
        let pairs: [OpenSDGExportYAML.Pair] = fields.compactMap { field in
            guard let value = indicator.metadata[field.key] else { return nil }
            let text = language == "lo" ? (value.lo ?? "") : value.en
            return OpenSDGExportYAML.Pair(field.key, .text(text))
        }
        return "---\n" + (try OpenSDGExportYAML.document(pairs)) + "---\n"
    }

    static func configData(textColumns: [String], exportedAt: Date) throws -> String {
        typealias Y = OpenSDGExportYAML
        let dtype: Y.Value = .map(textColumns.map { Y.Pair($0, .text("str")) })
        let pairs: [Y.Pair] = [
            Y.Pair("languages", .list(languages.map { .text($0) })),
            Y.Pair("src_dir", .text("")),
            Y.Pair("site_dir", .text("_site")),
            Y.Pair("schema_file", .text("_prose.yml")),
            Y.Pair(
                "inputs",
                .list([
                    .map([
                        Y.Pair("class", .text("InputCsvData")), Y.Pair("path_pattern", .text("data/indicator_*.csv")),
                        // Codes stay text: REF_AREA 07 is not the number 7.
                        Y.Pair("dtype", dtype),
                    ]),
                    .map([
                        Y.Pair("class", .text("InputYamlMdMeta")), Y.Pair("path_pattern", .text("meta/*.md")), Y.Pair("git", .bool(false)),
                    ]),
                    .map([
                        Y.Pair("class", .text("InputYamlMeta")), Y.Pair("path_pattern", .text("indicator-config/*.yml")),
                        Y.Pair("git", .bool(false)),
                    ]),
                ])
            ),
            Y.Pair(
                "translations",
                .list([.map([Y.Pair("class", .text("TranslationInputYaml")), Y.Pair("source", .text("translations"))])])
            ),
            Y.Pair(
                "indicator_options",
                .map([
                    Y.Pair("non_disaggregation_columns", .list(nonDisaggregationColumns.map { .text($0) })),
                    Y.Pair("observation_attributes", .list([.text("COMMENT_OBS")])),
                    Y.Pair("series_column", .text("SERIES")),
                    Y.Pair("unit_column", .text("UNIT_MEASURE")),
                ])
            ),
            Y.Pair("reporting_status_extra_fields", .list([])),
            Y.Pair("docs_branding", .text("Pasan")),
            Y.Pair("docs_translate_disaggregations", .bool(true)),
        ]
        let stamp = ISO8601DateFormatter().string(from: exportedAt)
        return "# Open SDG data configuration, exported from Pasan at \(stamp). Build: "
            + "python -c \"from sdg.open_sdg import open_sdg_build; open_sdg_build(config='config_data.yml')\"\n"
            + (try Y.document(pairs))
    }

    /// `_prose.yml`: the fields sdg-build validates (reporting status and the graph settings it
    /// requires when complete) and the metadata fields, each with its translation key.
    static func schema(_ fields: [OpenSDGExportInput.MetadataField]) throws -> String {
        typealias Y = OpenSDGExportYAML
        func field(_ name: String, _ element: String, _ label: String, _ extra: [Y.Pair] = []) -> Y.Value {
            .map([
                Y.Pair("name", .text(name)),
                Y.Pair("field", .map([Y.Pair("element", .text(element)), Y.Pair("label", .text(label))] + extra)),
            ])
        }
        func options(_ values: [String]) -> Y.Pair {
            Y.Pair("options", .list(values.map { .map([Y.Pair("name", .text($0)), Y.Pair("value", .text($0))]) }))
        }
        var meta: [Y.Value] = [
            field("reporting_status", "select", "Reporting status", [options(OpenSDGExportInput.ReportingStatus.allCases.map(\.rawValue))]),
            field("data_non_statistical", "checkbox", "Non-statistical data"),
            field("graph_type", "select", "Graph type", [options(["line", "bar", "binary"])]),
            field("graph_title", "text", "Graph title"),
            field("indicator_number", "text", "Indicator number"),
            field("indicator_name", "text", "Indicator name"),
            field("national_geographical_coverage", "text", "Geographical coverage"),
        ]
        for f in fields {
            meta.append(
                field(
                    f.key,
                    "text",
                    f.label.en,
                    [Y.Pair("translation_key", .text("metadata_fields.\(f.key)")), Y.Pair("scope", .text("national"))]
                )
            )
        }
        return try Y.document([Y.Pair("prose", .map([Y.Pair("metadata", .map([Y.Pair("meta", .list(meta))]))]))])
    }

    struct Group {
        var name: String
        var entries: [(key: String, text: LocalizedText)]
    }

    /// The translation groups: titles, metadata field labels, and one group per column.
    static func translationGroups(_ input: OpenSDGExportInput) -> [Group] {
        var groups: [Group] = [
            Group(
                name: "global_goals",
                entries: input.goals.sorted { $0.number < $1.number }.flatMap {
                    [(key: "\($0.number)-title", text: $0.title), (key: "\($0.number)-short", text: $0.shortTitle)]
                }
            ),
            Group(
                name: "global_targets",
                entries: input.targets.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }.map {
                    (key: "\(fileID($0.code))-title", text: $0.title)
                }
            ),
            Group(
                name: "global_indicators",
                entries: input.indicators.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }.map {
                    (key: "\($0.fileID)-title", text: $0.title)
                }
            ),
            Group(name: "metadata_fields", entries: input.metadataFields.map { (key: $0.key, text: $0.label) }),
        ]
        for (column, list) in input.codelists.sorted(by: { $0.key < $1.key }) {
            var entries: [(key: String, text: LocalizedText)] = []
            if let name = list.name { entries.append((key: column, text: name)) }
            entries += list.codes.sorted { $0.key < $1.key }.map { (key: $0.key, text: $0.value) }
            groups.append(Group(name: column, entries: entries))
        }
        return groups
    }
}
