import Foundation
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanViews

/// The data structures an SDMX upload is checked against: the global SDG DSD (Pasan's default,
/// what the UN takes) or LSB's national one, both shipped with Pasan.
enum SDMXStructureChoice: String, Sendable, CaseIterable {
    case sdg
    case lsb

    var url: URL {
        switch self {
        case .sdg: ShippedStructures.sdgDSD
        case .lsb: ShippedStructures.lsbDSD
        }
    }

    var label: Message {
        switch self {
        case .sdg: Message("imports_web.dsd.sdg")
        case .lsb: Message("imports_web.dsd.lsb")
        }
    }

    static var offered: [ImportNewPage.Structure] { allCases.map { ImportNewPage.Structure(id: $0.rawValue, label: $0.label) } }
}

/// What both uploads share: the file and the name of the source.
struct ImportUpload: Sendable {
    var file: FormData.File
    /// The name of the source (the batch's dataset is `import:<source>:<name>`).
    var name: String
    /// What the user typed as the name (shown again when the upload is refused).
    var typedName: String

    /// The longest name of a source (Pasan's default).
    static let maximumNameLength = 100

    /// The file (required, not empty) and the name: typed, or the file's name without its
    /// extension.
    static func decode(_ form: FormData, chooseFile: Message) -> (upload: ImportUpload?, problems: [Message]) {
        var problems: [Message] = []
        let file = form.files["file"].flatMap { $0.data.isEmpty || $0.filename.isEmpty ? nil : $0 }
        if file == nil { problems.append(chooseFile) }
        let typed = form.value("name") ?? ""
        if typed.count > maximumNameLength || typed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append(Message("imports_web.form.name"))
        }
        guard let file, problems.isEmpty else { return (nil, problems) }
        let name = typed.isEmpty ? defaultName(file.filename) : typed
        return (ImportUpload(file: file, name: name, typedName: typed), [])
    }

    /// `sdg-laos-main.zip` → `sdg-laos-main`: the file's last component without its extension.
    static func defaultName(_ fileName: String) -> String {
        let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? fileName
        let base = (last as NSString).deletingPathExtension
        let name = base.isEmpty ? last : base
        return String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(maximumNameLength).map(Character.init))
    }
}

/// An Open SDG repository as a zip.
struct OpenSDGUploadForm: Sendable {
    var upload: ImportUpload

    static func decode(_ form: FormData) -> Result<OpenSDGUploadForm, FormProblems> {
        let (upload, problems) = ImportUpload.decode(form, chooseFile: Message("imports_web.form.chooseZip"))
        guard let upload else { return .failure(FormProblems(problems)) }
        return .success(OpenSDGUploadForm(upload: upload))
    }
}

/// An SDMX data message and the data structure to check it against.
struct SDMXUploadForm: Sendable {
    var upload: ImportUpload
    var structure: SDMXStructureChoice

    static func decode(_ form: FormData) -> Result<SDMXUploadForm, FormProblems> {
        var (upload, problems) = ImportUpload.decode(form, chooseFile: Message("imports_web.form.chooseSDMX"))
        let structure = SDMXStructureChoice(rawValue: form.value("dsd") ?? SDMXStructureChoice.sdg.rawValue)
        if structure == nil { problems.append(Message("imports_web.form.structure")) }
        guard let upload, let structure, problems.isEmpty else { return .failure(FormProblems(problems)) }
        return .success(SDMXUploadForm(upload: upload, structure: structure))
    }
}
