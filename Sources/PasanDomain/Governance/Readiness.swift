/// What Pasan already knows about an institution's part in the SDG arrangement (issue 17, item
/// 1's institutional readiness questionnaire): the measures an item of a questionnaire can name
/// (`Questionnaire.Item.measure`), each a share of something Pasan holds.
public enum ReadinessMeasure: String, Sendable, Codable, CaseIterable, Hashable {
    /// Focal point positions filled today, of the four (owner and reporter, primary and alternate).
    case focalPoints = "focal-points"
    /// The institution's current assignments as owner that cite an instrument of the register in force.
    case legalBasis = "legal-basis"
    /// Its owner steps in closed cycles taken by the deadline.
    case timeliness
    /// The cells requested from it in closed cycles that it delivered.
    case completeness
    /// Its current focal points who took part in a recorded training or exchange.
    case trainedFocalPoints = "trained-focal-points"
    /// The indicators it owns that have published data.
    case dataPublished = "data-published"
}

/// The facts behind the readiness measures for one institution, counted by the caller from the
/// database (assignments, the legal register, closed cycles, focal points, capacity events,
/// published data).
public struct ReadinessFacts: Sendable, Hashable {
    public var focalPositionsFilled: Int
    public var ownedAssignments: Int
    public var withBasisInForce: Int
    public var ownerStepsDue: Int
    public var ownerStepsOnTime: Int
    public var cellsRequested: Int
    public var cellsDelivered: Int
    public var currentFocalPoints: Int
    public var trainedFocalPoints: Int
    public var ownedIndicators: Int
    public var ownedIndicatorsWithData: Int

    public init(
        focalPositionsFilled: Int = 0,
        ownedAssignments: Int = 0,
        withBasisInForce: Int = 0,
        ownerStepsDue: Int = 0,
        ownerStepsOnTime: Int = 0,
        cellsRequested: Int = 0,
        cellsDelivered: Int = 0,
        currentFocalPoints: Int = 0,
        trainedFocalPoints: Int = 0,
        ownedIndicators: Int = 0,
        ownedIndicatorsWithData: Int = 0
    ) {
        self.focalPositionsFilled = focalPositionsFilled
        self.ownedAssignments = ownedAssignments
        self.withBasisInForce = withBasisInForce
        self.ownerStepsDue = ownerStepsDue
        self.ownerStepsOnTime = ownerStepsOnTime
        self.cellsRequested = cellsRequested
        self.cellsDelivered = cellsDelivered
        self.currentFocalPoints = currentFocalPoints
        self.trainedFocalPoints = trainedFocalPoints
        self.ownedIndicators = ownedIndicators
        self.ownedIndicatorsWithData = ownedIndicatorsWithData
    }

    /// The measure as a part of a whole; `nil` when there is nothing to measure (no assignment,
    /// no closed cycle…).
    public func share(_ measure: ReadinessMeasure) -> (part: Int, whole: Int)? {
        let (part, whole): (Int, Int) =
            switch measure {
            case .focalPoints: (focalPositionsFilled, 4)
            case .legalBasis: (withBasisInForce, ownedAssignments)
            case .timeliness: (ownerStepsOnTime, ownerStepsDue)
            case .completeness: (min(cellsDelivered, cellsRequested), cellsRequested)
            case .trainedFocalPoints: (trainedFocalPoints, currentFocalPoints)
            case .dataPublished: (ownedIndicatorsWithData, ownedIndicators)
            }
        return whole > 0 ? (part, whole) : nil
    }

    /// A rating on the self-assessment's scale suggested by the measure: the share times the top
    /// of the scale, rounded (Pasan's default; the respondent rates).
    public func suggestedRating(_ measure: ReadinessMeasure) -> Int? {
        share(measure).map { Int((Double($0.part) / Double($0.whole) * Double(SelfAssessment.scale.upperBound)).rounded()) }
    }

    /// What Pasan knows, in the respondent's words.
    public func evidence(_ measure: ReadinessMeasure) -> Message {
        guard let (part, whole) = share(measure) else { return Message("domain.readiness.nothingToMeasure") }
        let arguments: [String: MessageArgument] = ["part": .number(part), "whole": .number(whole)]
        return switch measure {
        case .focalPoints: Message("domain.readiness.focalPoints", arguments)
        case .legalBasis: Message("domain.readiness.legalBasis", arguments)
        case .timeliness: Message("domain.readiness.timeliness", arguments)
        case .completeness: Message("domain.readiness.completeness", arguments)
        case .trainedFocalPoints: Message("domain.readiness.trainedFocalPoints", arguments)
        case .dataPublished: Message("domain.readiness.dataPublished", arguments)
        }
    }
}
