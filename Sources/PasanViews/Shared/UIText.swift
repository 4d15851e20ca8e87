import PasanDomain

/// The portal's interface words in Lao and English. Lao wording written for Pasan (the Open SDG
/// catalogue's Lao strings are machine translations with spurious spaces).
public enum UIText: Sendable {
    case siteName, siteTagline, skipToContent, goals, goal, target, targets, indicator, indicators
    case places, search, searchPlaceholder, searchResults(Int), noResults, searchHint
    case tier, custodians, partners, unCode, scope, globalScope, nationalScope, nationalRelation, relatedGlobal
    case relation(NationalRelation?), series, unit, code, name, province, district, village, provinces, districts, villages
    case notFoundTitle, notFoundBody, backHome, machineTranslation, machineTranslationLong, laoMissing
    case retired, targetTextNotFound, institutions, institution, abbreviation, kind, validFrom, validTo, successors
    case dataSources, file, source, licence, metadata, notYetProvided, publishedData, period, value, status, breakdown
    case planLinks, plan, nationalGoal, mapCredit, noVillages, language, years, total, parentArea, areaCodes
    case pageOf(Int, Int), next, previous, homeIntro, indicatorsCount(Int), targetsCount(Int)

    public func text(_ l: Language) -> String {
        let (en, lo) = pair
        return l == .lo ? lo : en
    }

    private var pair: (String, String) {
        switch self {
        case .siteName: ("Pasan — Lao PDR SDG platform", "ປະສານ — ເວທີ ເປົ້າໝາຍການພັດທະນາແບບຍືນຍົງ ສປປ ລາວ")
        case .siteTagline:
            (
                "Who reports what, by when — and how Lao PDR is progressing on the SDGs",
                "ໃຜລາຍງານຫຍັງ, ເມື່ອໃດ — ແລະ ສປປ ລາວ ກ້າວໜ້າແນວໃດ ຕາມເປົ້າໝາຍການພັດທະນາແບບຍືນຍົງ"
            )
        case .skipToContent: ("Skip to main content", "ຂ້າມໄປຫາເນື້ອຫາຫຼັກ")
        case .goals: ("Goals", "ເປົ້າໝາຍ")
        case .goal: ("Goal", "ເປົ້າໝາຍ")
        case .target: ("Target", "ຄາດໝາຍ")
        case .targets: ("Targets", "ຄາດໝາຍ")
        case .indicator: ("Indicator", "ຕົວຊີ້ວັດ")
        case .indicators: ("Indicators", "ຕົວຊີ້ວັດ")
        case .places: ("Places", "ເຂດການປົກຄອງ")
        case .search: ("Search", "ຄົ້ນຫາ")
        case .searchPlaceholder: ("Code or words, e.g. 3.1.2", "ລະຫັດ ຫຼື ຄຳສັບ, ເຊັ່ນ 3.1.2")
        case .searchResults(let n): ("\(n) result\(n == 1 ? "" : "s")", "ພົບ \(n) ລາຍການ")
        case .noResults: ("No results. Try a code such as 3.1.2, or fewer words.", "ບໍ່ພົບຜົນ. ລອງໃຊ້ລະຫັດ ເຊັ່ນ 3.1.2 ຫຼື ຄຳສັບໜ້ອຍລົງ.")
        case .searchHint:
            (
                "Search goals, targets and indicators in Lao or English, or by code.",
                "ຄົ້ນຫາເປົ້າໝາຍ, ຄາດໝາຍ ແລະ ຕົວຊີ້ວັດ ເປັນພາສາລາວ ຫຼື ອັງກິດ, ຫຼື ຕາມລະຫັດ."
            )
        case .tier: ("Tier", "ລະດັບ")
        case .custodians: ("Custodian agencies", "ອົງການຮັບຜິດຊອບສາກົນ")
        case .partners: ("Partner agencies", "ອົງການຮ່ວມມື")
        case .unCode: ("UN code", "ລະຫັດ ສປຊ")
        case .scope: ("Framework", "ກອບ")
        case .globalScope: ("Global indicator", "ຕົວຊີ້ວັດສາກົນ")
        case .nationalScope: ("National indicator", "ຕົວຊີ້ວັດແຫ່ງຊາດ")
        case .nationalRelation: ("Use in the national framework", "ການນຳໃຊ້ໃນກອບແຫ່ງຊາດ")
        case .relatedGlobal: ("Related global indicator", "ຕົວຊີ້ວັດສາກົນທີ່ກ່ຽວຂ້ອງ")
        case .relation(let r):
            switch r {
            case .same: ("Same as global", "ຄືກັບສາກົນ")
            case .adapted: ("Adapted from global", "ດັດແປງຈາກສາກົນ")
            case .proxy: ("National proxy", "ຕົວແທນແຫ່ງຊາດ")
            case .additional: ("Additional national", "ເພີ່ມເຕີມແຫ່ງຊາດ")
            case nil: ("Not yet classified", "ຍັງບໍ່ທັນຈັດປະເພດ")
            }
        case .series: ("Series", "ຊຸດຂໍ້ມູນ")
        case .unit: ("Unit", "ຫົວໜ່ວຍ")
        case .code: ("Code", "ລະຫັດ")
        case .name: ("Name", "ຊື່")
        case .province: ("Province", "ແຂວງ")
        case .district: ("District", "ເມືອງ")
        case .village: ("Village", "ບ້ານ")
        case .provinces: ("Provinces", "ແຂວງ")
        case .districts: ("Districts", "ເມືອງ")
        case .villages: ("Villages", "ບ້ານ")
        case .notFoundTitle: ("Page not found", "ບໍ່ພົບໜ້ານີ້")
        case .notFoundBody:
            (
                "We could not find this page (not found). Check the address, or search for an indicator.",
                "ບໍ່ພົບໜ້າທີ່ທ່ານຊອກຫາ (not found). ກະລຸນາກວດທີ່ຢູ່ ຫຼື ຄົ້ນຫາຕົວຊີ້ວັດ."
            )
        case .backHome: ("Back to the goals", "ກັບໄປໜ້າເປົ້າໝາຍ")
        case .machineTranslation: ("MT", "ແປອັດຕະໂນມັດ")
        case .machineTranslationLong:
            ("Machine translation, not yet reviewed by the Lao Statistics Bureau", "ແປດ້ວຍເຄື່ອງ, ສູນສະຖິຕິແຫ່ງຊາດ ຍັງບໍ່ທັນໄດ້ກວດກາ")
        case .laoMissing: ("No Lao text yet: English shown", "ຍັງບໍ່ມີພາສາລາວ: ສະແດງພາສາອັງກິດ")
        case .retired: ("Retired from the global list", "ຖືກຍົກເລີກຈາກບັນຊີສາກົນ")
        case .targetTextNotFound: ("Official text not found", "ບໍ່ພົບຂໍ້ຄວາມທາງການ")
        case .institutions: ("Institutions", "ອົງການ")
        case .institution: ("Institution", "ອົງການ")
        case .abbreviation: ("Abbreviation", "ຕົວຫຍໍ້")
        case .kind: ("Type", "ປະເພດ")
        case .validFrom: ("From", "ແຕ່")
        case .validTo: ("Until", "ຮອດ")
        case .successors: ("Succeeded by", "ສືບທອດໂດຍ")
        case .dataSources: ("Data sources and licences", "ແຫຼ່ງຂໍ້ມູນ ແລະ ໃບອະນຸຍາດ")
        case .file: ("File", "ໄຟລ໌")
        case .source: ("Source", "ແຫຼ່ງຂໍ້ມູນ")
        case .licence: ("Licence", "ໃບອະນຸຍາດ")
        case .metadata: ("Metadata", "ຂໍ້ມູນອະທິບາຍ")
        case .notYetProvided: ("Not yet provided", "ຍັງບໍ່ໄດ້ສະໜອງ")
        case .publishedData: ("Published data", "ຂໍ້ມູນທີ່ເຜີຍແຜ່")
        case .period: ("Year", "ປີ")
        case .value: ("Value", "ຄ່າ")
        case .status: ("Status", "ສະຖານະ")
        case .breakdown: ("Breakdown", "ການຈຳແນກ")
        case .planLinks: ("Linked national plan indicators", "ຕົວຊີ້ວັດແຜນພັດທະນາແຫ່ງຊາດທີ່ເຊື່ອມໂຍງ")
        case .plan: ("Plan", "ແຜນ")
        case .nationalGoal: ("National goal of Lao PDR", "ເປົ້າໝາຍແຫ່ງຊາດຂອງ ສປປ ລາວ")
        case .mapCredit:
            (
                "Boundaries: geoBoundaries (CC BY 3.0 IGO), source National Geographic Department / OCHA ROAP",
                "ເສັ້ນຊາຍແດນ: geoBoundaries (CC BY 3.0 IGO), ແຫຼ່ງ: ກົມແຜນທີ່ແຫ່ງຊາດ / OCHA ROAP"
            )
        case .noVillages: ("No villages in the shipped list for this district (source defect)", "ບໍ່ມີບ້ານໃນບັນຊີສຳລັບເມືອງນີ້ (ຂໍ້ບົກຜ່ອງຂອງແຫຼ່ງຂໍ້ມູນ)")
        case .language: ("ພາສາລາວ", "English")
        case .years: ("Years", "ປີ")
        case .total: ("Total", "ລວມ")
        case .parentArea: ("Part of", "ຂຶ້ນກັບ")
        case .areaCodes: ("LSB code / p-code", "ລະຫັດ ສຖຕ / p-code")
        case .pageOf(let a, let b): ("Page \(a) of \(b)", "ໜ້າ \(a) ຈາກ \(b)")
        case .next: ("Next", "ຕໍ່ໄປ")
        case .previous: ("Previous", "ກ່ອນໜ້າ")
        case .homeIntro:
            (
                "The 17 global Sustainable Development Goals and Lao PDR's national Goal 18, with their targets and indicators.",
                "ເປົ້າໝາຍການພັດທະນາແບບຍືນຍົງສາກົນ 17 ເປົ້າໝາຍ ແລະ ເປົ້າໝາຍທີ 18 ແຫ່ງຊາດຂອງ ສປປ ລາວ, ພ້ອມດ້ວຍຄາດໝາຍ ແລະ ຕົວຊີ້ວັດ."
            )
        case .indicatorsCount(let n): ("\(n) indicators", "\(n) ຕົວຊີ້ວັດ")
        case .targetsCount(let n): ("\(n) targets", "\(n) ຄາດໝາຍ")
        }
    }
}
