import Foundation
import PasanExchange
import PasanReferenceData

/// The SDG DSD (1.14) shipped with Pasan, read once.
let structure: DataStructure = {
    do { return try DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD) } catch {
        fatalError("the shipped SDG DSD cannot be read: \(error)")
    }
}()

/// SDMX data messages as an SDMX import takes them: read (`SDMXDataReader`: SDMX-ML 2.1
/// structure-specific or generic, or SDMX-CSV, told apart by the first bytes) against the SDG
/// DSD, checked (`SDMXDataCheck`), mapped (`SDMXObservations`). A thrown problem is a refusal,
/// not a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let message = try? SDMXDataReader.read(bytes, file: "upload.xml", structure: structure) else { return 0 }
    let problems = SDMXDataCheck.check(message, file: "upload.xml", structure: structure)
    if problems.isEmpty {
        _ = SDMXObservations.map(message, file: "upload.xml", structure: structure)
    }
    return 0
}
