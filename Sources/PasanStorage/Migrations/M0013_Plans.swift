extension Migration {
    /// Plans as living data (issue 13, `docs/plans.md`): the plan's kind, status, ministry, parent
    /// plan and source; results' sources and alignments; indicators' definitions, units,
    /// baselines, data sources and frequencies; links naming a series; targets, own values and
    /// mainstreaming decisions kept as revisions (who, when, why); cycles for a plan. The 9th
    /// NSEDP, shipped before as `NSEDP9_2021_2025`, takes its address code `nsedp9` with all its
    /// results, indicators and links (copied parents first, then the old rows removed children
    /// first: foreign keys are checked at once on PostgreSQL).
    static let plans = Migration(id: 13, name: "plans") { d in
        let old = "NSEDP9_2021_2025"
        let new = "nsedp9"
        return [
            "ALTER TABLE plans ADD COLUMN kind TEXT NOT NULL DEFAULT 'national' CHECK (kind IN ('national', 'sector'))",
            "ALTER TABLE plans ADD COLUMN status TEXT NOT NULL DEFAULT 'adopted' CHECK (status IN ('draft', 'adopted'))",
            "ALTER TABLE plans ADD COLUMN institution TEXT REFERENCES institutions(code)",
            "ALTER TABLE plans ADD COLUMN parent_plan TEXT",
            "ALTER TABLE plans ADD COLUMN source TEXT",
            "ALTER TABLE plans ADD COLUMN is_illustrative INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE plan_results ADD COLUMN source TEXT",
            "ALTER TABLE plan_results ADD COLUMN aligns_with TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE plan_indicators ADD COLUMN definition_en TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN definition_lo TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN definition_lo_status TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN unit TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN direction TEXT CHECK (direction IN ('increase', 'decrease'))",
            "ALTER TABLE plan_indicators ADD COLUMN baseline_year INTEGER",
            "ALTER TABLE plan_indicators ADD COLUMN baseline_value \(d.double)",
            "ALTER TABLE plan_indicators ADD COLUMN data_source TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN frequency TEXT",
            "ALTER TABLE plan_indicators ADD COLUMN is_illustrative INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE plan_indicators ADD COLUMN note TEXT",
            "ALTER TABLE plan_indicator_links ADD COLUMN series TEXT",
            "CREATE INDEX plan_indicator_links_sdg ON plan_indicator_links(sdg_indicator)",
            "CREATE INDEX plan_indicators_result ON plan_indicators(plan, result_code)",
            """
            CREATE TABLE plan_targets (
                id \(d.autoIncrementPrimaryKey),
                plan TEXT NOT NULL,
                indicator TEXT NOT NULL,
                year INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('annual', 'end-of-plan', 'milestone')),
                value \(d.double) NOT NULL,
                is_removed INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL,
                entered_by TEXT NOT NULL,
                entered_at TEXT NOT NULL,
                reason TEXT,
                UNIQUE (plan, indicator, year, kind, revision),
                FOREIGN KEY (plan, indicator) REFERENCES plan_indicators(plan, code))
            """,
            """
            CREATE TABLE plan_indicator_values (
                id \(d.autoIncrementPrimaryKey),
                plan TEXT NOT NULL,
                indicator TEXT NOT NULL,
                year INTEGER NOT NULL,
                value \(d.double) NOT NULL,
                source TEXT,
                revision INTEGER NOT NULL,
                entered_by TEXT NOT NULL,
                entered_at TEXT NOT NULL,
                reason TEXT,
                UNIQUE (plan, indicator, year, revision),
                FOREIGN KEY (plan, indicator) REFERENCES plan_indicators(plan, code))
            """,
            """
            CREATE TABLE plan_mainstreaming (
                id \(d.autoIncrementPrimaryKey),
                plan TEXT NOT NULL REFERENCES plans(code),
                sdg_indicator TEXT NOT NULL REFERENCES indicators(code),
                choice TEXT NOT NULL CHECK (choice IN ('now', 'later', 'not-relevant')),
                reason TEXT NOT NULL,
                revision INTEGER NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                UNIQUE (plan, sdg_indicator, revision))
            """,
            "ALTER TABLE cycles ADD COLUMN plan TEXT REFERENCES plans(code)",
            "CREATE INDEX cycles_plan ON cycles(plan)",
            // The 9th NSEDP's address code: parents copied first, then the old rows removed.
            """
            INSERT INTO plans (code, name_en, name_lo, lo_status, start_year, end_year, note, kind, status, institution, parent_plan,
                source, is_illustrative)
            SELECT '\(new)', name_en, name_lo, lo_status, start_year, end_year, note, kind, status, institution, parent_plan, source,
                is_illustrative
            FROM plans WHERE code = '\(old)'
            """,
            """
            INSERT INTO plan_results (plan, code, level, parent_code, title_en, title_lo, lo_status, is_verified, note, source, aligns_with)
            SELECT '\(new)', code, level, parent_code, title_en, title_lo, lo_status, is_verified, note, source, aligns_with
            FROM plan_results WHERE plan = '\(old)'
            """,
            """
            INSERT INTO plan_indicators (plan, code, result_code, title_en, title_lo, lo_status, owner, definition_en, definition_lo,
                definition_lo_status, unit, direction, baseline_year, baseline_value, data_source, frequency, is_illustrative, note)
            SELECT '\(new)', code, result_code, title_en, title_lo, lo_status, owner, definition_en, definition_lo,
                definition_lo_status, unit, direction, baseline_year, baseline_value, data_source, frequency, is_illustrative, note
            FROM plan_indicators WHERE plan = '\(old)'
            """,
            """
            INSERT INTO plan_indicator_links (plan, plan_indicator, sdg_indicator, relation, series)
            SELECT '\(new)', plan_indicator, sdg_indicator, relation, series
            FROM plan_indicator_links WHERE plan = '\(old)'
            """,
            "DELETE FROM plan_indicator_links WHERE plan = '\(old)'",
            "DELETE FROM plan_indicators WHERE plan = '\(old)'",
            "DELETE FROM plan_results WHERE plan = '\(old)'",
            "DELETE FROM plans WHERE code = '\(old)'",
        ]
    }
}
