extension Migration {
    /// DHIS2 connections: the instances an institution pulls from (the credential sealed with
    /// Pasan's secret key, never stored in clear), the mapping of DHIS2 data to Pasan series and
    /// breakdowns, the organisation units matched to areas, and every pull with what it brought.
    static let dhis2Connections = Migration(id: 11, name: "dhis2-connections") { d in
        [
            """
            CREATE TABLE dhis2_instances (
                id \(d.autoIncrementPrimaryKey),
                name TEXT NOT NULL UNIQUE,
                base_url TEXT NOT NULL,
                institution TEXT NOT NULL REFERENCES institutions(code),
                auth_kind TEXT NOT NULL CHECK (auth_kind IN ('token', 'basic')),
                username TEXT,
                sealed_secret TEXT NOT NULL,
                schedule TEXT NOT NULL CHECK (schedule IN ('none', 'daily', 'weekly')),
                next_pull_at TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE dhis2_element_mappings (
                id \(d.autoIncrementPrimaryKey),
                instance_id BIGINT NOT NULL REFERENCES dhis2_instances(id),
                data_element TEXT NOT NULL,
                category_option_combo TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('analytics', 'raw')),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                dimensions TEXT NOT NULL,
                aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'average', 'last')),
                factor \(d.double) NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (instance_id, data_element, category_option_combo))
            """,
            """
            CREATE TABLE dhis2_org_units (
                instance_id BIGINT NOT NULL REFERENCES dhis2_instances(id),
                uid TEXT NOT NULL,
                code TEXT,
                name TEXT NOT NULL,
                level INTEGER,
                parent_uid TEXT,
                path TEXT,
                area_code TEXT,
                basis TEXT,
                confirmed INTEGER NOT NULL,
                confirmed_by TEXT,
                confirmed_at TEXT,
                PRIMARY KEY (instance_id, uid))
            """,
            """
            CREATE TABLE dhis2_pulls (
                id \(d.autoIncrementPrimaryKey),
                instance_id BIGINT NOT NULL REFERENCES dhis2_instances(id),
                trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'push')),
                attempt INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
                started_at TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                actor TEXT NOT NULL,
                summary TEXT NOT NULL,
                retry_at TEXT)
            """,
            "CREATE INDEX dhis2_pulls_instance ON dhis2_pulls(instance_id, id)",
            """
            CREATE TABLE dhis2_pull_values (
                pull_id BIGINT NOT NULL REFERENCES dhis2_pulls(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimensions TEXT NOT NULL,
                value \(d.double),
                PRIMARY KEY (pull_id, indicator, series, area, period, dimensions))
            """,
        ]
    }
}
