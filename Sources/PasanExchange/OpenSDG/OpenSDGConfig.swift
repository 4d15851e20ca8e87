import Foundation
import PasanDomain

/// `config_data.yml`: what sdg-build reads first — the languages, the inputs (each a class with
/// its parameters) and the translation sources. Without the file, Open SDG's defaults apply:
/// tidy CSV in `data/indicator_*.csv`, metadata in `meta/*.md`, configuration in `indicator-config/`.
public struct OpenSDGConfig: Sendable {
    public struct Input: Sendable {
        /// `InputSdmxMl_Multiple`, `InputCsvData`, `InputYamlMeta`, `InputYamlMdMeta`, `InputSdgMetadata`, `InputWordMeta`.
        public var className: String
        /// Scalar parameters (`path_pattern`, `dsd`, `source`, `default_language`).
        public var parameters: [String: String]
        /// `drop_dimensions`.
        public var dropDimensions: [String]
        /// `dimension_map`: `ID` → column name, `ID|CODE` → value (`''` = blank).
        public var dimensionMap: [String: String]
    }

    public var languages: [String]
    public var sourceDirectory: String
    public var inputs: [Input]
    /// Local `TranslationInputYaml` sources (folders with `<lang>/<group>.yml`); remote
    /// `TranslationInputSdgTranslations` sources are named in `remoteTranslations` and not fetched.
    public var translationSources: [String]
    public var remoteTranslations: [String]

    public static let defaultInputs: [Input] = [
        Input(className: "InputCsvData", parameters: ["path_pattern": "data/*.csv"], dropDimensions: [], dimensionMap: [:]),
        Input(className: "InputYamlMdMeta", parameters: ["path_pattern": "meta/*.md"], dropDimensions: [], dimensionMap: [:]),
        Input(className: "InputYamlMeta", parameters: ["path_pattern": "indicator-config/*.yml"], dropDimensions: [], dimensionMap: [:]),
    ]

    public static func read(directory: URL) throws -> OpenSDGConfig {
        let url = directory.appendingPathComponent("config_data.yml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            return OpenSDGConfig(
                languages: ["en"],
                sourceDirectory: "",
                inputs: defaultInputs,
                translationSources: ["translations"],
                remoteTranslations: []
            )
        }
        let map = try YAMLFile.mapping(at: url, file: "config_data.yml")
        let languages = (map["languages"] as? [Any])?.map(YAMLFile.text) ?? ["en"]
        var inputs: [Input] = []
        for case let item as [String: Any] in (map["inputs"] as? [Any]) ?? [] {
            guard let className = item["class"] as? String else { continue }
            var parameters: [String: String] = [:]
            for (key, value) in item where !(value is [Any]) && !(value is [String: Any]) { parameters[key] = YAMLFile.text(value) }
            var dimensionMap: [String: String] = [:]
            for (key, value) in (item["dimension_map"] as? [String: Any]) ?? [:] { dimensionMap[key] = YAMLFile.text(value) }
            inputs.append(
                Input(
                    className: className,
                    parameters: parameters,
                    dropDimensions: ((item["drop_dimensions"] as? [Any]) ?? []).map(YAMLFile.text),
                    dimensionMap: dimensionMap
                )
            )
        }
        var local: [String] = [], remote: [String] = []
        for case let item as [String: Any] in (map["translations"] as? [Any]) ?? [] {
            let source = (item["source"]).map(YAMLFile.text) ?? ""
            if (item["class"] as? String) == "TranslationInputYaml", !source.contains("://") {
                local.append(source)
            } else {
                remote.append(source)
            }
        }
        return OpenSDGConfig(
            languages: languages,
            sourceDirectory: (map["src_dir"]).map(YAMLFile.text) ?? "",
            inputs: map["inputs"] == nil ? defaultInputs : inputs,
            translationSources: map["translations"] == nil ? ["translations"] : local,
            remoteTranslations: remote
        )
    }
}
