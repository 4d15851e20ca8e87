import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// A user account as Pasan shows it (never with its password hash).
public struct UserAccount: Sendable, Hashable, Codable {
    public var id: Int64
    public var email: String
    public var name: String
    public var language: Language
    public var isActive: Bool
    public var grants: [RoleGrant]

    public var actor: Actor { Actor(userID: id, name: name, grants: isActive ? grants : []) }
}

public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case emailTaken(String)
    case invalidEmail(String)
    case weakPassword
    case invalidGrant(Message)
    case unknownUser
    /// The grant would give one person two duties that must stay separate.
    case separationOfDuties(Message)

    public var description: String { message.text(in: .en) }

    public var message: Message {
        switch self {
        case .emailTaken(let e): Message("storage.account.emailTaken", ["email": .text(e)])
        case .invalidEmail(let e): Message("storage.account.invalidEmail", ["email": .text(e)])
        case .weakPassword: Message("storage.account.weakPassword", ["minimum": .number(AccountRepository.minimumPasswordLength)])
        case .invalidGrant(let reason): reason
        case .unknownUser: Message("storage.account.unknownUser")
        case .separationOfDuties(let reason): reason
        }
    }
}

/// Accounts, their roles, sessions, sign-in throttling and password resets.
public struct AccountRepository: Sendable {
    public let database: Database
    public var passwordCost: Secrets.Cost

    public init(database: Database, passwordCost: Secrets.Cost = .standard) {
        self.database = database
        self.passwordCost = passwordCost
    }

    public static let minimumPasswordLength = 12
    public static let sessionLifetime: TimeInterval = 12 * 3600
    public static let resetLifetime: TimeInterval = 3600

    // MARK: Accounts

    @discardableResult
    public func createUser(
        email: String,
        name: String,
        password: String,
        language: Language = .lo,
        grants: [RoleGrant],
        change: ChangeContext
    ) async throws -> UserAccount {
        let email = email.trimmingSpaces.lowercased()
        guard Self.looksLikeEmail(email) else { throw AccountError.invalidEmail(email) }
        guard password.count >= Self.minimumPasswordLength else { throw AccountError.weakPassword }
        for grant in grants { if let problem = grant.problem { throw AccountError.invalidGrant(problem) } }
        let cost = passwordCost
        let hash = try await PasswordHashing.shared.run { try Secrets.hashPassword(password, cost: cost) }
        let today = database.clock.today
        return try await database.write { db in
            if try await db.select().column("id").from("users").where("email", .equal, email).first() != nil {
                throw AccountError.emailTaken(email)
            }
            var held: [RoleGrant] = []
            for grant in grants {
                try await Self.checkSeparation(adding: grant, to: held, today: today, db: db)
                held.append(grant)
            }
            let now = Timestamp.now()
            let row = try await db.insert(into: "users")
                .columns("email", "name", "password_hash", "language", "is_active", "created_at", "password_changed_at")
                .values(SQLBind(email), SQLBind(name), SQLBind(hash), SQLBind(language.rawValue), SQLBind(1), SQLBind(now), SQLBind(now))
                .returning("id").first()
            let id = Int64(try row!.int("id"))
            for grant in grants { try await Self.insertGrant(grant, userID: id, by: change.actorID, db: db) }
            let account = UserAccount(id: id, email: email, name: name, language: language, isActive: true, grants: grants)
            try await AuditLog.record(
                db,
                change,
                action: "create",
                entity: "user",
                id: String(id),
                before: Optional<Nothing>.none,
                after: account
            )
            return account
        }
    }

    public func grant(_ grant: RoleGrant, to userID: Int64, change: ChangeContext) async throws {
        if let problem = grant.problem { throw AccountError.invalidGrant(problem) }
        let today = database.clock.today
        try await database.write { db in
            guard let before = try await Self.account(id: userID, db: db) else { throw AccountError.unknownUser }
            if before.grants.contains(grant) { return }
            try await Self.checkSeparation(adding: grant, to: before.grants, today: today, db: db)
            try await Self.insertGrant(grant, userID: userID, by: change.actorID, db: db)
            var after = before
            after.grants.append(grant)
            try await AuditLog.record(db, change, action: "grant-role", entity: "user", id: String(userID), before: before, after: after)
        }
    }

    public func revoke(_ grant: RoleGrant, from userID: Int64, change: ChangeContext) async throws {
        try await database.write { db in
            guard let before = try await Self.account(id: userID, db: db) else { throw AccountError.unknownUser }
            var delete = db.delete(from: "role_grants").where("user_id", .equal, userID).where("role", .equal, grant.role.rawValue)
            delete = grant.institution.map { delete.where("institution", .equal, $0) } ?? delete.where("institution", .is, SQLLiteral.null)
            delete = grant.area.map { delete.where("area", .equal, $0) } ?? delete.where("area", .is, SQLLiteral.null)
            try await delete.run()
            let after = try await Self.account(id: userID, db: db)
            try await AuditLog.record(db, change, action: "revoke-role", entity: "user", id: String(userID), before: before, after: after)
        }
    }

    public func account(id: Int64) async throws -> UserAccount? {
        try await database.read { db in try await Self.account(id: id, db: db) }
    }

    public func account(email: String) async throws -> UserAccount? {
        try await database.read { db in
            guard
                let row = try await db.select().column("id").from("users").where("email", .equal, email.trimmingSpaces.lowercased()).first()
            else { return nil }
            return try await Self.account(id: Int64(try row.int("id")), db: db)
        }
    }

    public func accounts() async throws -> [UserAccount] {
        try await database.read { db in
            let grants = try await db.select().column("*").from("role_grants").orderBy("id").all()
            var byUser: [Int64: [RoleGrant]] = [:]
            for row in grants { byUser[Int64(try row.int("user_id")), default: []].append(try Self.grant(row)) }
            return try await db.select().column("*").from("users").orderBy("name").all().map { row in
                try Self.account(row, grants: byUser[Int64(try row.int("id"))] ?? [])
            }
        }
    }

    // MARK: Sign-in

    public enum SignInResult: Sendable, Equatable {
        case signedIn(UserAccount, sessionToken: String)
        case wrongCredentials
        /// Too many failures: try again after this many seconds (nothing was checked or counted).
        case throttled(retryAfter: Int)
        /// Too many sign-ins are being checked at this moment: try again shortly.
        case busy
    }

    /// Checks the password (always spending the same time, whether or not the account exists),
    /// off the request threads; slows down repeated failures per account and address
    /// (`SignInThrottle`), without counting the attempts it refuses; and opens a session.
    public func signIn(email: String, password: String, address: String, now: Date? = nil) async throws -> SignInResult {
        let now = now ?? database.clock.now()
        let account = email.trimmingSpaces.lowercased()
        let pairSince = Timestamp.string(from: now.addingTimeInterval(-SignInThrottle.pairWindow))
        let addressSince = Timestamp.string(from: now.addingTimeInterval(-SignInThrottle.addressWindow))
        let (pair, addressFailures, stored) = try await database.read { db in
            let pair = try await db.select().columns("attempted_at", "succeeded").from("sign_in_attempts")
                .where("account", .equal, account).where("address", .equal, address).where("attempted_at", .greaterThan, pairSince)
                .orderBy("attempted_at", .descending).limit(64).all()
                .map { SignInThrottle.Attempt(at: Timestamp.date(try $0.string("attempted_at")), succeeded: try $0.bool("succeeded")) }
            let fromAddress = try await db.select().column("attempted_at").from("sign_in_attempts")
                .where("address", .equal, address).where("succeeded", .equal, 0).where("attempted_at", .greaterThan, addressSince)
                .orderBy("attempted_at", .descending).limit(64).all()
                .map { Timestamp.date(try $0.string("attempted_at")) }
            let row = try await db.select().columns("id", "password_hash", "is_active").from("users").where("email", .equal, account)
                .first()
            let stored = try row.map { (Int64(try $0.int("id")), try $0.string("password_hash"), try $0.bool("is_active")) }
            return (pair, fromAddress, stored)
        }
        if let wait = SignInThrottle.wait(pair: pair, addressFailures: addressFailures, now: now) {
            return .throttled(retryAfter: max(1, Int(wait.rounded(.up))))
        }
        let hash = stored?.1 ?? Secrets.decoyHash
        let matches: Bool
        do {
            matches = try await PasswordHashing.shared.run { Secrets.verifyPassword(password, against: hash) }
        } catch is PasswordHashing.Busy {
            return .busy
        }
        guard let stored, matches, stored.2 else {
            try await recordAttempt(account: account, address: address, succeeded: false, at: now)
            return .wrongCredentials
        }
        try await recordAttempt(account: account, address: address, succeeded: true, at: now)
        let token = try await openSession(userID: stored.0, now: now)
        guard let user = try await self.account(id: stored.0) else { return .wrongCredentials }
        return .signedIn(user, sessionToken: token)
    }

    func recordAttempt(account: String, address: String, succeeded: Bool, at: Date) async throws {
        try await database.write { db in
            try await db.insert(into: "sign_in_attempts").columns("account", "address", "attempted_at", "succeeded")
                .values(SQLBind(account), SQLBind(address), SQLBind(Timestamp.precise(from: at)), SQLValue.bool(succeeded)).run()
        }
    }

    // MARK: Sessions

    /// A signed-in session: who, and the CSRF token of their forms.
    public struct Session: Sendable {
        public var user: UserAccount
        public var csrfToken: String
    }

    public func openSession(userID: Int64, now: Date? = nil) async throws -> String {
        let now = now ?? database.clock.now()
        let token = Secrets.token()
        try await database.write { db in
            try await db.insert(into: "sessions").columns("token_hash", "user_id", "csrf_token", "created_at", "expires_at")
                .values(
                    SQLBind(Secrets.tokenHash(token)),
                    SQLBind(userID),
                    SQLBind(Secrets.token()),
                    SQLBind(Timestamp.string(from: now)),
                    SQLBind(Timestamp.string(from: now.addingTimeInterval(Self.sessionLifetime)))
                )
                .run()
        }
        return token
    }

    /// The live session for a cookie's token, if any.
    public func session(token: String, now: Date? = nil) async throws -> Session? {
        let now = now ?? database.clock.now()
        return try await database.read { db in
            guard
                let row = try await db.select().columns("user_id", "csrf_token", "expires_at").from("sessions")
                    .where("token_hash", .equal, Secrets.tokenHash(token)).first()
            else { return nil }
            guard try row.string("expires_at") > Timestamp.string(from: now) else { return nil }
            guard let user = try await Self.account(id: Int64(try row.int("user_id")), db: db), user.isActive else { return nil }
            return Session(user: user, csrfToken: try row.string("csrf_token"))
        }
    }

    public func closeSession(token: String) async throws {
        try await database.write { db in
            try await db.delete(from: "sessions").where("token_hash", .equal, Secrets.tokenHash(token)).run()
        }
    }

    /// Signs the user out on every device.
    public func closeAllSessions(userID: Int64, change: ChangeContext) async throws {
        try await database.write { db in
            try await db.delete(from: "sessions").where("user_id", .equal, userID).run()
            try await AuditLog.record(
                db,
                change,
                action: "sign-out-everywhere",
                entity: "user",
                id: String(userID),
                before: Optional<Nothing>.none,
                after: Optional<Nothing>.none
            )
        }
    }

    // MARK: Password reset

    /// Creates a one-time reset token (valid one hour) for the account, if it exists and the
    /// limits allow another e-mail (`SignInThrottle.allowsReset`); the account's earlier live
    /// tokens stop working. Every request counts, for known and unknown accounts alike, so the
    /// answer to the requester never tells whether an account exists.
    public func createPasswordReset(email: String, address: String, now: Date? = nil) async throws -> (UserAccount, String)? {
        let now = now ?? database.clock.now()
        let account = email.trimmingSpaces.lowercased()
        let since = Timestamp.string(from: now.addingTimeInterval(-SignInThrottle.resetWindow))
        let stamp = Timestamp.string(from: now)
        let user = try await self.account(email: account)
        let token = Secrets.token()
        return try await database.write { db in
            func count(_ column: String, _ value: String) async throws -> Int {
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("password_reset_requests")
                    .where(SQLIdentifier(column), .equal, SQLBind(value)).where("requested_at", .greaterThan, since).first()?.int("n") ?? 0
            }
            let allowed = SignInThrottle.allowsReset(
                accountRequests: try await count("account", account),
                addressRequests: try await count("address", address)
            )
            try await db.insert(into: "password_reset_requests").columns("account", "address", "requested_at")
                .values(SQLBind(account), SQLBind(address), SQLBind(stamp)).run()
            guard allowed, let user, user.isActive else { return nil }
            try await db.update("password_resets").set("used_at", to: stamp)
                .where("user_id", .equal, user.id).where("used_at", .is, SQLLiteral.null).run()
            try await db.insert(into: "password_resets").columns("token_hash", "user_id", "created_at", "expires_at")
                .values(
                    SQLBind(Secrets.tokenHash(token)),
                    SQLBind(user.id),
                    SQLBind(stamp),
                    SQLBind(Timestamp.string(from: now.addingTimeInterval(Self.resetLifetime)))
                ).run()
            return (user, token)
        }
    }

    public func isResetTokenValid(_ token: String, now: Date? = nil) async throws -> Bool {
        let now = now ?? database.clock.now()
        return try await database.read { db in
            try await db.select().column("user_id").from("password_resets").where("token_hash", .equal, Secrets.tokenHash(token))
                .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, Timestamp.string(from: now)).first() != nil
        }
    }

    /// Sets a new password with a reset token (once), and signs the account out everywhere.
    public func resetPassword(token: String, newPassword: String, now: Date? = nil) async throws -> Bool {
        let now = now ?? database.clock.now()
        guard newPassword.count >= Self.minimumPasswordLength else { throw AccountError.weakPassword }
        let cost = passwordCost
        let hash = try await PasswordHashing.shared.run { try Secrets.hashPassword(newPassword, cost: cost) }
        return try await database.write { db in
            guard
                let row = try await db.select().column("user_id").from("password_resets").where(
                    "token_hash",
                    .equal,
                    Secrets.tokenHash(token)
                )
                .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, Timestamp.string(from: now)).first()
            else { return false }
            let userID = Int64(try row.int("user_id"))
            let stamp = Timestamp.string(from: now)
            try await db.update("password_resets").set("used_at", to: stamp).where("token_hash", .equal, Secrets.tokenHash(token)).run()
            try await db.update("users").set("password_hash", to: hash).set("password_changed_at", to: stamp).where("id", .equal, userID)
                .run()
            try await db.delete(from: "sessions").where("user_id", .equal, userID).run()
            try await AuditLog.record(
                db,
                ChangeContext(actorID: userID, actorName: "password reset", address: nil),
                action: "reset-password",
                entity: "user",
                id: String(userID),
                before: Optional<Nothing>.none,
                after: Optional<Nothing>.none
            )
            return true
        }
    }

    // MARK: Separation of duties

    /// Refuses a grant that would give the person two duties that must stay separate (see
    /// `SeparationOfDuties`), judged on the current assignments.
    static func checkSeparation(adding grant: RoleGrant, to held: [RoleGrant], today: LocalDate, db: any SQLDatabase) async throws {
        guard !held.isEmpty else { return }
        let pairs = SeparationOfDuties.pairs(try await AssignmentRepository.all(db), on: today)
        if let reason = SeparationOfDuties.conflict(adding: grant, to: held, pairs: pairs) {
            throw AccountError.separationOfDuties(reason)
        }
    }

    // MARK: Rows

    static func insertGrant(_ grant: RoleGrant, userID: Int64, by: Int64?, db: any SQLDatabase) async throws {
        try await db.insert(into: "role_grants").columns("user_id", "role", "institution", "area", "granted_at", "granted_by")
            .values(
                SQLBind(userID),
                SQLBind(grant.role.rawValue),
                SQLValue.text(grant.institution),
                SQLValue.text(grant.area),
                SQLBind(Timestamp.now()),
                SQLValue.int(by.map(Int.init))
            ).run()
    }

    static func account(id: Int64, db: any SQLDatabase) async throws -> UserAccount? {
        guard let row = try await db.select().column("*").from("users").where("id", .equal, id).first() else { return nil }
        let grants = try await db.select().column("*").from("role_grants").where("user_id", .equal, id).orderBy("id").all().map(grant)
        return try account(row, grants: grants)
    }

    static func account(_ row: any SQLRow, grants: [RoleGrant]) throws -> UserAccount {
        UserAccount(
            id: Int64(try row.int("id")),
            email: try row.string("email"),
            name: try row.string("name"),
            language: Language(rawValue: try row.string("language")) ?? .lo,
            isActive: try row.bool("is_active"),
            grants: grants
        )
    }

    static func grant(_ row: any SQLRow) throws -> RoleGrant {
        RoleGrant(
            role: Role(rawValue: try row.string("role")) ?? .viewer,
            institution: try row.optionalString("institution"),
            area: try row.optionalString("area")
        )
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}
