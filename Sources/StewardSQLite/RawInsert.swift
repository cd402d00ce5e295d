import GRDB
import GRDBSQLite

/// One execution of a cached insert, its parameters bound on the raw SQLite statement in order:
/// GRDB's `StatementArguments` box every value as an existential, which cost about a tenth of
/// execution ingest (perf) on the one writer's thread. Errors are GRDB's `DatabaseError`, so a
/// violated constraint is caught where GRDB's would be.
struct RawInsert {
    private let statement: Statement
    private var index: Int32 = 0

    /// Starts a fresh execution of `statement` (reset, no bindings).
    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    mutating func bind(_ value: String) {
        var value = value
        index += 1
        value.withUTF8 { text in _ = sqlite3_bind_text(statement.sqliteStatement, index, text.baseAddress, Int32(text.count), transient) }
    }

    /// UTF-8 text already encoded (a canonical payload), bound without making a String of it.
    mutating func bind(utf8 bytes: [UInt8]) {
        index += 1
        bytes.withUnsafeBufferPointer { text in
            _ = sqlite3_bind_text(statement.sqliteStatement, index, text.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(text.count), transient)
        }
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    mutating func bind(_ value: Double?) {
        guard let value else { return bindNull() }
        index += 1
        sqlite3_bind_double(statement.sqliteStatement, index, value)
    }

    mutating func bindNull() {
        index += 1
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    /// Runs the insert; the statement is left reset for its next use.
    func run(in db: Database) throws {
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE else {
            let message = db.lastErrorMessage
            sqlite3_reset(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(statement.sqliteStatement)
    }
}

/// SQLite copies bound text before the bind call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
