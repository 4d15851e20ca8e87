import PasanDomain
import PasanMessages
import Plot

/// The choropleth maps of the selected series.
extension IndicatorPage {
    /// The latest provincial (and district) values of the selected series, drawn on maps.
    func choropleth(_ series: String, unit: String) -> BodyNode {
        .group(
            map(provinceMap, series: series, level: .province, unitName: unit),
            map(districtMap, series: series, level: .district, unitName: unit)
        )
    }

    /// The values drawn are those of the areas the map has a shape for, not guessed from the
    /// code's length (`LA`, the country, is two letters long like a province code).
    func map(_ map: AreaMap?, series: String, level areaLevel: AreaLevel, unitName unit: String) -> BodyNode {
        let l = language
        guard let map else { return .empty }
        let drawn = Set(map.shapes.map(\.code))
        let rows = observations.filter { $0.series == series && $0.dimensions.isEmpty && drawn.contains($0.area) }
        guard let year = rows.map(\.period).max() else { return .empty }
        let values = Dictionary(rows.filter { $0.period == year }.map { ($0.area, $0.value) }, uniquingKeysWith: { a, _ in a })
        let level = areaLevel == .province ? l.t("indicators.map.level.province") : l.t("indicators.map.level.district")
        return Fragments.figure(
            svg: map.svg(
                label: l.t("indicators.map.label", ["level": .text(level), "year": .text(year)]),
                values: values,
                format: { Fragments.dataValue($0, l) + " " + unit }
            ),
            caption: l.t("indicators.map.caption", ["year": .text(year), "level": .text(level)]) + " " + UIText.mapCredit.text(l)
        )
    }
}
