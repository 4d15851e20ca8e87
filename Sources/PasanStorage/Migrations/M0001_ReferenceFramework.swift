extension Migration {
    /// The framework, places, institutions, plans and published observations.
    static let referenceFramework = Migration(id: 1, name: "reference framework") { d in
        [
            """
            CREATE TABLE pasan_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE goals (
                number INTEGER PRIMARY KEY,
                short_en TEXT NOT NULL, short_lo TEXT,
                title_en TEXT NOT NULL, title_lo TEXT,
                lo_status TEXT NOT NULL,
                colour TEXT NOT NULL,
                is_national INTEGER NOT NULL)
            """,
            """
            CREATE TABLE targets (
                code TEXT PRIMARY KEY,
                goal INTEGER NOT NULL REFERENCES goals(number),
                title_en TEXT, title_lo TEXT,
                lo_status TEXT NOT NULL,
                is_national INTEGER NOT NULL)
            """,
            """
            CREATE TABLE indicators (
                code TEXT PRIMARY KEY,
                goal INTEGER NOT NULL REFERENCES goals(number),
                target TEXT NOT NULL REFERENCES targets(code),
                title_en TEXT NOT NULL, title_lo TEXT,
                lo_status TEXT NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('global', 'national')),
                un_code TEXT,
                tier TEXT,
                custodians TEXT NOT NULL,
                partners TEXT NOT NULL,
                national_relation TEXT CHECK (national_relation IN ('same', 'adapted', 'proxy', 'additional')),
                related_global_code TEXT REFERENCES indicators(code),
                relation_basis TEXT,
                is_retired INTEGER NOT NULL,
                is_repeat INTEGER NOT NULL)
            """,
            "CREATE INDEX indicators_goal ON indicators(goal)",
            """
            CREATE TABLE series (
                code TEXT NOT NULL,
                indicator TEXT NOT NULL REFERENCES indicators(code),
                name_en TEXT NOT NULL, name_lo TEXT,
                lo_status TEXT NOT NULL,
                unit TEXT,
                unit_multiplier INTEGER,
                scope TEXT NOT NULL,
                PRIMARY KEY (code, indicator))
            """,
            "CREATE INDEX series_indicator ON series(indicator)",
            """
            CREATE TABLE areas (
                code TEXT PRIMARY KEY,
                level TEXT NOT NULL CHECK (level IN ('country', 'province', 'district', 'village')),
                parent_code TEXT REFERENCES areas(code),
                name_en TEXT NOT NULL, name_lo TEXT,
                lo_status TEXT NOT NULL,
                pcode TEXT,
                iso_code TEXT,
                note TEXT)
            """,
            "CREATE INDEX areas_level_parent ON areas(level, parent_code)",
            "CREATE INDEX areas_parent ON areas(parent_code)",
            """
            CREATE TABLE area_aliases (
                system TEXT NOT NULL,
                alias TEXT NOT NULL,
                area_code TEXT NOT NULL REFERENCES areas(code),
                note TEXT,
                PRIMARY KEY (system, alias))
            """,
            """
            CREATE TABLE area_boundaries (
                area_code TEXT NOT NULL REFERENCES areas(code),
                detail TEXT NOT NULL,
                geometry TEXT NOT NULL,
                PRIMARY KEY (area_code, detail))
            """,
            """
            CREATE TABLE institutions (
                code TEXT PRIMARY KEY,
                abbreviation_en TEXT NOT NULL, abbreviation_lo TEXT,
                name_en TEXT NOT NULL, name_lo TEXT,
                lo_status TEXT NOT NULL,
                kind TEXT NOT NULL,
                valid_from TEXT,
                valid_to TEXT,
                note TEXT)
            """,
            """
            CREATE TABLE institution_successions (
                predecessor TEXT NOT NULL REFERENCES institutions(code),
                successor TEXT NOT NULL REFERENCES institutions(code),
                kind TEXT NOT NULL,
                date TEXT,
                note TEXT,
                PRIMARY KEY (predecessor, successor, kind))
            """,
            """
            CREATE TABLE plans (
                code TEXT PRIMARY KEY,
                name_en TEXT NOT NULL, name_lo TEXT,
                lo_status TEXT NOT NULL,
                start_year INTEGER NOT NULL,
                end_year INTEGER NOT NULL,
                note TEXT)
            """,
            """
            CREATE TABLE plan_results (
                plan TEXT NOT NULL REFERENCES plans(code),
                code TEXT NOT NULL,
                level TEXT NOT NULL,
                parent_code TEXT,
                title_en TEXT NOT NULL, title_lo TEXT,
                lo_status TEXT NOT NULL,
                is_verified INTEGER NOT NULL,
                note TEXT,
                PRIMARY KEY (plan, code))
            """,
            """
            CREATE TABLE plan_indicators (
                plan TEXT NOT NULL,
                code TEXT NOT NULL,
                result_code TEXT NOT NULL,
                title_en TEXT NOT NULL, title_lo TEXT,
                lo_status TEXT NOT NULL,
                PRIMARY KEY (plan, code),
                FOREIGN KEY (plan, result_code) REFERENCES plan_results(plan, code))
            """,
            """
            CREATE TABLE plan_indicator_links (
                plan TEXT NOT NULL,
                plan_indicator TEXT NOT NULL,
                sdg_indicator TEXT NOT NULL REFERENCES indicators(code),
                relation TEXT NOT NULL,
                PRIMARY KEY (plan, plan_indicator, sdg_indicator),
                FOREIGN KEY (plan, plan_indicator) REFERENCES plan_indicators(plan, code))
            """,
            """
            CREATE TABLE observations (
                series TEXT NOT NULL,
                indicator TEXT NOT NULL REFERENCES indicators(code),
                area TEXT NOT NULL REFERENCES areas(code),
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                unit TEXT NOT NULL,
                value \(d.double) NOT NULL,
                status TEXT,
                source TEXT,
                dataset TEXT NOT NULL,
                PRIMARY KEY (series, indicator, area, period, dimension_key))
            """,
            "CREATE INDEX observations_indicator ON observations(indicator)",
            """
            CREATE TABLE attributions (
                file TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                licence TEXT NOT NULL)
            """,
        ]
    }
}
