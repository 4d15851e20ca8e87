import Foundation
import PasanExchange
import PasanReferenceData

/// The SDMX structures Pasan serves, read once from the DSD files shipped with Pasan: the SDG
/// DSD 1.14 (served with the dataflow `IAEG-SDGs:DF_SDG_GLC(1.14)`) and LSB's national DSD
/// (served with `LSB-SDG:DF_SDG_LA(1.1)`); see `SDMXExportTarget` for these defaults.
struct SDMXRegistry: Sendable {
    let targets: [SDMXExportTarget]

    /// Read on the first SDMX request (the two files take about a second), then kept.
    static let shared: Result<SDMXRegistry, any Error> = Result {
        SDMXRegistry(targets: [
            SDMXExportTarget(structure: try DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD)),
            SDMXExportTarget(structure: try DataStructureReader.read(contentsOf: ShippedStructures.lsbDSD)),
        ])
    }

    /// The agency alias Pasan answers for every agency it serves (Pasan's default): `sdmx1`
    /// puts its source's id in the agency place of structure queries, so a source added as
    /// `PASAN` works without naming an agency in every call.
    static let serviceAgency = "PASAN"

    var dataflows: [SDMXDataflow] { targets.map(\.dataflow) }
    var structures: [DataStructure] { targets.map(\.structure) }

    /// Every codelist of the served DSDs, once per identity (`SDMX:CL_FREQ(2.0)` is in both).
    var codelists: [SDMXCodelist] {
        var seen = Set<SDMXReference>()
        var lists: [SDMXCodelist] = []
        for structure in structures {
            for list in structure.codelists.values.sorted(by: { $0.reference.description < $1.reference.description })
            where seen.insert(list.reference).inserted {
                lists.append(list)
            }
        }
        return lists
    }

    var conceptSchemes: [SDMXConceptScheme] {
        var seen = Set<SDMXReference>()
        return structures.compactMap(SDMXConceptScheme.init(of:)).filter { seen.insert($0.reference).inserted }
    }

    /// A data query's flow: `DF_SDG_GLC`, `IAEG-SDGs,DF_SDG_GLC`, `IAEG-SDGs,DF_SDG_GLC,1.14`,
    /// with `all`/`latest`/`*` for agency or version. `nil` when the reference is malformed.
    static func parseFlowRef(_ text: String) -> (agency: String?, id: String, version: String?)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func wild(_ s: String) -> String? { ["", "all", "*", "latest"].contains(s) ? nil : s }
        switch parts.count {
        case 1: return parts[0].isEmpty ? nil : (nil, parts[0], nil)
        case 2: return parts[1].isEmpty ? nil : (wild(parts[0]), parts[1], nil)
        case 3: return parts[1].isEmpty ? nil : (wild(parts[0]), parts[1], wild(parts[2]))
        default: return nil
        }
    }

    func target(agency: String?, id: String, version: String?) -> SDMXExportTarget? {
        targets.first { t in
            let r = t.dataflow.reference
            return r.id == id && Self.agency(agency, matches: r.agency) && (version == nil || version == r.version)
        }
    }

    static func agency(_ wanted: String?, matches agency: String) -> Bool {
        guard let wanted, wanted != "all", wanted != "*" else { return true }
        return wanted == agency || wanted.uppercased() == serviceAgency
    }

    /// Maintainables matching a structure query's agency, id and version (`all`, `latest`).
    static func select<T>(_ items: [T], reference: (T) -> SDMXReference, agency: String, id: String, version: String) -> [T] {
        let matching = items.filter { item in
            let r = reference(item)
            return Self.agency(agency, matches: r.agency) && (id == "all" || id == "*" || id == r.id)
                && (version == "all" || version == "*" || version == "latest" || version == "~" || version == r.version)
        }
        guard version == "latest" || version == "~" else { return matching }
        // The latest version of each agency and id.
        var best: [String: T] = [:]
        var order: [String] = []
        for item in matching {
            let r = reference(item)
            let name = r.agency + ":" + r.id
            if let current = best[name] {
                if compareVersions(r.version, reference(current).version) > 0 { best[name] = item }
            } else {
                best[name] = item
                order.append(name)
            }
        }
        return order.compactMap { best[$0] }
    }

    /// Compares `1.14` and `1.8` as versions (1.14 is later).
    static func compareVersions(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0, q = i < y.count ? y[i] : 0
            if p != q { return p < q ? -1 : 1 }
        }
        return 0
    }

    /// The codelists and concept scheme a DSD uses (its children).
    func children(of structure: DataStructure) -> (codelists: [SDMXCodelist], schemes: [SDMXConceptScheme]) {
        let used = Set((structure.dimensions.compactMap(\.codelist) + structure.attributes.compactMap(\.codelist)).map(\.id))
        let lists = structure.codelists.values.filter { used.contains($0.reference.id) }.sorted {
            $0.reference.description < $1.reference.description
        }
        return (lists, SDMXConceptScheme(of: structure).map { [$0] } ?? [])
    }

    func structure(_ reference: SDMXReference) -> DataStructure? {
        structures.first { $0.reference == reference }
    }
}
