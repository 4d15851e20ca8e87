import Foundation

/// The SDMX structure files shipped with Pasan (`Resources/sdmx/`, see its README for source
/// and licence): the global SDG DSD for UN reporting and LSB's national clone.
public enum ShippedStructures {
    static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("sdmx")
    }

    /// `IAEG-SDGs:SDG(1.14)` with its codelists and concepts.
    public static var sdgDSD: URL { directory.appendingPathComponent("SDG_DSD_IAEG-SDGs_1.14.xml") }

    /// `LSB-SDGs:SDG(1.1)`, LSB's national DSD with the `_L_LA_*` series.
    public static var lsbDSD: URL { directory.appendingPathComponent("LSB_DSD.xml") }
}
