extension Migration {
    /// The published observations counted per indicator, series, area level, period and
    /// breakdown (issue 16): the pages that describe what is published (data availability, an
    /// indicator's series and maps, the API's totals) grouped every observation on each request,
    /// 22 s for the data-availability page on a whole country's 22 million. Every publication
    /// adds the cells it creates (`ObservationSummary.record`); the observations already there
    /// are counted here.
    static let observationSummary = Migration(id: 19, name: "observation summary") { _ in
        [
            """
            CREATE TABLE observation_summary (
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area_level TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                observations BIGINT NOT NULL,
                PRIMARY KEY (indicator, series, area_level, period, dimension_key))
            """,
            ObservationSummary.countEverything,
        ]
    }
}
