import PasanDomain
import Testing

@testable import PasanWeb

/// Issue 9, typed forms: the progress configuration form, every problem listed at once.
@Suite struct ProgressConfigFormTests {
    @Test func aGoodFormAndEveryProblem() {
        var good = FormData()
        good.fields = ["series": "SH_STA_BRTC", "direction": "1", "base_year": "2015", "target_year": "2030", "target": "90"]
        guard case .success(let form) = ProgressConfigForm.decode(good, indicator: "3.1.2") else {
            Issue.record("a good form was refused")
            return
        }
        #expect(form.configuration.target == 90 && form.configuration.direction == 1 && form.configuration.indicator == "3.1.2")
        var bad = FormData()
        bad.fields = ["direction": "0", "base_year": "2030", "target_year": "2015", "override": "on_track", "target": "ninety"]
        let problems = ProgressConfigForm.decode(bad, indicator: "3.1.2").problems(in: .en)
        #expect(problems.contains("Choose the series.") && problems.contains("Choose the direction."))
        #expect(problems.contains("The base year must come before the target year."))
        #expect(problems.contains { $0.hasPrefix("target: \"ninety\"") })
        #expect(ProgressConfigForm.decode(bad, indicator: "3.1.2").problems(in: .lo).contains("ເລືອກຊຸດຂໍ້ມູນ."))
    }
}
