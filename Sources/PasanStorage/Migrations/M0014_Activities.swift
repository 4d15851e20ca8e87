extension Migration {
    /// The activity registry and its overlaps (issue 14, `docs/villages.md`): activities with
    /// their organisations, places, sectors and SDG targets (every saved version kept whole in
    /// `activity_revisions`, with who, when and why); overlaps found between activities, the
    /// places where they meet, the decisions people took on them (revisions), and the notes
    /// sent to institutions the first time an overlap was found.
    static let activities = Migration(id: 14, name: "activities") { d in
        [
            """
            CREATE TABLE activities (
                id \(d.autoIncrementPrimaryKey),
                identifier TEXT NOT NULL UNIQUE,
                implementer_key TEXT NOT NULL,
                implementer_institution TEXT REFERENCES institutions(code),
                implementer_ref TEXT,
                implementer_name_en TEXT NOT NULL,
                implementer_name_lo TEXT,
                title_en TEXT NOT NULL,
                title_lo TEXT,
                lo_status TEXT NOT NULL,
                description_en TEXT,
                description_lo TEXT,
                status TEXT NOT NULL CHECK (status IN ('pipeline', 'implementation', 'finalisation', 'closed', 'cancelled', 'suspended')),
                start_date TEXT,
                end_date TEXT,
                budget_amount \(d.double),
                budget_currency TEXT,
                origin TEXT NOT NULL CHECK (origin IN ('app', 'file', 'iati', 'demo')),
                source_file TEXT,
                is_illustrative INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date))
            """,
            "CREATE INDEX activities_implementer ON activities(implementer_key)",
            "CREATE INDEX activities_institution ON activities(implementer_institution)",
            """
            CREATE TABLE activity_participants (
                activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('funding', 'accountable', 'extending', 'implementing')),
                institution TEXT REFERENCES institutions(code),
                ref TEXT,
                name_en TEXT NOT NULL,
                name_lo TEXT,
                PRIMARY KEY (activity_id, position))
            """,
            """
            CREATE TABLE activity_locations (
                activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                area_code TEXT NOT NULL REFERENCES areas(code),
                level TEXT NOT NULL CHECK (level IN ('province', 'district', 'village')),
                district_code TEXT,
                province_code TEXT NOT NULL,
                match TEXT NOT NULL CHECK (match IN ('code', 'alias', 'point', 'name')),
                status TEXT NOT NULL CHECK (status IN ('confirmed', 'proposed', 'declined')),
                latitude \(d.double),
                longitude \(d.double),
                given_name TEXT,
                note TEXT,
                decided_by TEXT,
                decided_at TEXT,
                PRIMARY KEY (activity_id, position))
            """,
            "CREATE INDEX activity_locations_area ON activity_locations(area_code, status)",
            "CREATE INDEX activity_locations_district ON activity_locations(district_code, status)",
            "CREATE INDEX activity_locations_province ON activity_locations(province_code, status)",
            """
            CREATE TABLE activity_sectors (
                activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
                vocabulary TEXT NOT NULL,
                code TEXT NOT NULL,
                category TEXT,
                PRIMARY KEY (activity_id, vocabulary, code))
            """,
            "CREATE INDEX activity_sectors_category ON activity_sectors(category)",
            """
            CREATE TABLE activity_sdg (
                activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('goal', 'target', 'indicator')),
                code TEXT NOT NULL,
                PRIMARY KEY (activity_id, kind, code))
            """,
            "CREATE INDEX activity_sdg_code ON activity_sdg(kind, code)",
            """
            CREATE TABLE activity_revisions (
                id \(d.autoIncrementPrimaryKey),
                identifier TEXT NOT NULL,
                revision INTEGER NOT NULL,
                document TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                reason TEXT,
                UNIQUE (identifier, revision))
            """,
            """
            CREATE TABLE activity_overlaps (
                id \(d.autoIncrementPrimaryKey),
                first_activity TEXT NOT NULL,
                second_activity TEXT NOT NULL,
                first_implementer TEXT NOT NULL,
                second_implementer TEXT NOT NULL,
                level TEXT NOT NULL CHECK (level IN ('village', 'district')),
                shared_targets TEXT NOT NULL,
                shared_sectors TEXT NOT NULL,
                period_start TEXT,
                period_end TEXT,
                is_current INTEGER NOT NULL DEFAULT 1,
                found_at TEXT NOT NULL,
                UNIQUE (first_activity, second_activity))
            """,
            """
            CREATE TABLE activity_overlap_places (
                overlap_id BIGINT NOT NULL REFERENCES activity_overlaps(id) ON DELETE CASCADE,
                area_code TEXT NOT NULL,
                level TEXT NOT NULL CHECK (level IN ('village', 'district')),
                district_code TEXT NOT NULL,
                province_code TEXT NOT NULL,
                PRIMARY KEY (overlap_id, area_code))
            """,
            "CREATE INDEX activity_overlap_places_area ON activity_overlap_places(area_code)",
            "CREATE INDEX activity_overlap_places_district ON activity_overlap_places(district_code)",
            "CREATE INDEX activity_overlap_places_province ON activity_overlap_places(province_code)",
            """
            CREATE TABLE overlap_resolutions (
                id \(d.autoIncrementPrimaryKey),
                first_activity TEXT NOT NULL,
                second_activity TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('open', 'coordinated', 'not-overlap')),
                note TEXT NOT NULL,
                revision INTEGER NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                UNIQUE (first_activity, second_activity, revision))
            """,
            """
            CREATE TABLE overlap_notices (
                first_activity TEXT NOT NULL,
                second_activity TEXT NOT NULL,
                institution TEXT NOT NULL,
                noticed_at TEXT NOT NULL,
                PRIMARY KEY (first_activity, second_activity, institution))
            """,
        ]
    }
}
