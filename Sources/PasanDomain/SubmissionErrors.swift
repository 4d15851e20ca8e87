/// Why a submission could not be saved or a workflow step taken, in the user's language: the
/// rules of data entry and review, spoken where they are decided.
public enum SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    case locked(SubmissionState)
    case concurrentEdit(current: Int)
    case notAllowed(LocalizedText)
    case impossibleStep(SubmissionStep, SubmissionState)
    case cellOwnedByAnother(CellKey, String)
    case deadlinePassed(LocalDate)
    case notFound
    case needsComment

    public var description: String { message.en }

    public var message: LocalizedText {
        switch self {
        case .locked(let s):
            t(
                "This submission is \(s.title.en.lowercased()) and locked; record a correction (a new revision) instead.",
                "ຂໍ້ມູນນີ້ \(s.title.lo ?? "") ແລະ ຖືກລັອກ; ໃຫ້ບັນທຶກການແກ້ໄຂ (ສະບັບໃໝ່) ແທນ."
            )
        case .concurrentEdit(let v):
            t(
                "Someone else saved this submission meanwhile (now version \(v)). Reload it, check their changes, and save again; nothing of yours was merged.",
                "ມີຄົນອື່ນບັນທຶກຂໍ້ມູນນີ້ໃນລະຫວ່າງນັ້ນ (ສະບັບ \(v)). ໂຫຼດໃໝ່, ກວດການປ່ຽນແປງ ແລ້ວບັນທຶກອີກຄັ້ງ; ບໍ່ໄດ້ລວມຂໍ້ມູນຂອງທ່ານ."
            )
        case .notAllowed(let reason): reason
        case .impossibleStep(let step, let s):
            t(
                "“\(step.title.en)” is not possible when the submission is \(s.title.en.lowercased()).",
                "“\(step.title.lo ?? "")” ເຮັດບໍ່ໄດ້ເມື່ອຂໍ້ມູນ \(s.title.lo ?? "")."
            )
        case .cellOwnedByAnother(let key, let owner):
            t("\(owner) already reports \(key) in this cycle: one point of reporting.", "\(owner) ລາຍງານ \(key) ໃນຮອບນີ້ແລ້ວ: ຈຸດລາຍງານດຽວ.")
        case .deadlinePassed(let d):
            t(
                "The owner deadline (\(d)) has passed; ask the Secretariat for an extension.",
                "ກຳນົດສົ່ງ (\(d)) ໄດ້ຜ່ານໄປແລ້ວ; ຂໍໃຫ້ກອງເລຂາ ຂະຫຍາຍເວລາ."
            )
        case .notFound: t("No such submission.", "ບໍ່ມີຂໍ້ມູນນີ້.")
        case .needsComment: t("Warnings need a comment before the data can be saved.", "ຄຳເຕືອນຕ້ອງມີຄຳເຫັນກ່ອນບັນທຶກ.")
        }
    }

    func t(_ en: String, _ lo: String) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .reviewed) }
}
