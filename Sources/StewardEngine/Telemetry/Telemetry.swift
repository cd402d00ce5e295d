public import Logging
public import StewardCore

/// Execution telemetry (seed 004): ingests execution records, keeps per-skill baselines and
/// scores every record against its skill's baseline as it arrives.
///
/// Records are stored append-only beside the ledger; each accepted batch is one ledger entry
/// (`executions.ingested`) holding the SHA-256 of the batch's records, so the chain vouches for
/// every stored record. Reported anomalies are ledger entries of their own.
public struct Telemetry: Sendable {
    let store: any Store
    /// The configured settings.
    public let settings: TelemetrySettings
    let prices: PriceTable
    let revision: String
    let clock: any WallClock
    let logger: Logger
    let book: BaselineBook
    let windows: AnomalyWindows
    /// Told of every stored batch: routing watches its new strategies there.
    public let stored = ExecutionObservers()
    let streaks: FailureStreaks
    /// Where anomalies, failure streaks, fingerprint mismatches and quota crossings are raised as alerts.
    let alerts: Alerts?

    /// Telemetry over `store` with the configured settings, raising alerts through `alerts` when given.
    public init(store: any Store, settings: TelemetrySettings, revision: String, clock: any WallClock, logger: Logger, alerts: Alerts? = nil) {
        self.store = store
        self.settings = settings
        prices = settings.priceTable
        self.revision = revision
        self.clock = clock
        self.logger = logger
        book = BaselineBook(store: store)
        windows = AnomalyWindows()
        streaks = FailureStreaks()
        self.alerts = alerts
    }

    /// What happened to each record of a batch, by its index in the batch.
    public struct Receipt: Sendable {
        /// Stored now: index, id, the cost recorded (nil: unknown) and any warnings.
        public var accepted: [(index: Int, id: String, costUSD: Double?, warnings: [FieldProblem])] = []
        /// Already stored (by an earlier request or earlier in this batch): not stored again.
        /// `differs` names the fields in which it differs from the stored one (empty: the same record).
        public var duplicates: [(index: Int, id: String, differs: [String])] = []
        /// Refused, with every problem.
        public var refused: [(index: Int, problems: [FieldProblem])] = []
        /// Anomalies reported by this batch (the persistence rule fired).
        public var anomalies: [ReportedAnomaly] = []
        /// The ledger entry vouching for the batch (nil when nothing was stored).
        public var ledgerSeq: Int64?
        /// Executions that reported a fingerprint other than their skill's registered one.
        public var fingerprintMismatches: [FingerprintMismatch] = []
        /// Quota levels the batch crossed today (`quota.warning`, `quota.critical`, `quota.exhausted`).
        var quotaCrossings: [(kind: String, status: QuotaStatus)] = []
    }

    /// Checks, stores and scores a batch of records. Bad records are refused alone; the rest are
    /// stored durably before this returns.
    public func ingest(_ values: [JSONValue], tenant: String, actor: String) async throws(StoreError) -> Receipt {
        try await ingest(items: values.map(ExecutionCheck.fields(of:)), tenant: tenant, actor: actor)
    }

    /// Checks, stores and scores a batch of records read into slots (``ExecutionCheck/fields(of:)``,
    /// ``JSONReader/parseFields(_:in:names:)``), whose unreadable items (NDJSON lines that are not
    /// JSON, values that are not objects) are refused with their problem.
    public func ingest(items: [Result<JSONSlots, FieldProblem>], tenant: String, actor: String) async throws(StoreError) -> Receipt {
        let now = clock.now()
        var (receipt, fresh) = check(items: items, now: now)
        // Records already stored are duplicates: a commit carrying one is refused as a whole (also
        // when another request or replica stored it a moment ago); we then look them up and
        // store the rest.
        var rows: [ExecutionRow] = []
        var kept: [(index: Int, record: SkillExecution, warnings: [FieldProblem])] = []
        var records: [SkillExecution] = []
        for attempt in 1...5 {
            // Optimistic first: new records are the rule, so the first attempt looks nothing up.
            let stored = attempt == 1 ? [:] : try await store.storedExecutions(tenant: tenant, ids: fresh.map(\.record.executionID))
            (rows, kept, records) = ([], [], [])
            rows.reserveCapacity(fresh.count)
            kept.reserveCapacity(fresh.count)
            records.reserveCapacity(fresh.count)
            var batch: [UInt8] = []
            batch.reserveCapacity(fresh.count * 1_024)
            for item in fresh {
                if let body = stored[item.record.executionID] {
                    receipt.duplicates.append((item.index, item.record.executionID, item.record.differences(fromStored: body) ?? []))
                    continue
                }
                let body: String
                do { body = try item.record.canonicalBody() } catch {
                    receipt.refused.append((item.index, [FieldProblem(field: "", reason: "cannot be stored: \(error)")]))
                    continue
                }
                rows.append(ExecutionRow(tenant: tenant, record: item.record, body: body))
                kept.append(item)
                records.append(item.record)
                batch.append(contentsOf: body.utf8)
                batch.append(10)
            }
            fresh = kept
            guard !rows.isEmpty else { break }
            do {
                (receipt.ledgerSeq, receipt.quotaCrossings) = try await commit(
                    rows, of: records, digest: batch, tenant: tenant, actor: actor, now: now)
                break
            } catch let error where error.code == .conflict && attempt < 5 {
                continue
            }
        }
        receipt.duplicates.sort { $0.index < $1.index }
        receipt.accepted = kept.map { ($0.index, $0.record.executionID, $0.record.costUSD, $0.warnings) }
        guard !rows.isEmpty else { return receipt }
        await stored.notify(StoredExecutions(tenant: tenant, records: records, at: now))
        // Streaks and windows follow the order the executions ran in, not the order they arrived.
        // Most batches arrive in order already: they are not copied.
        let inOrder = zip(records, records.dropFirst()).allSatisfy { $0.end <= $1.end }
        let ran = inOrder ? records : records.enumerated().sorted { ($0.element.end, $0.offset) < ($1.element.end, $1.offset) }.map(\.element)
        let scored = await score(ran, tenant: tenant, now: now)
        receipt.anomalies = scored.reported
        // Reports go in a commit of their own, after the records are safe.
        var reports = StoreCommit()
        receipt.fingerprintMismatches = try await checkFingerprints(records, tenant: tenant, now: now, into: &reports)
        let (streakHits, recoveries) = await streaks.observe(tenant: tenant, ran)
        if !receipt.anomalies.isEmpty || !reports.drafts.isEmpty {
            var drafts: [LedgerDraft] = []
            for anomaly in receipt.anomalies {
                do {
                    drafts.append(try LedgerDraft(
                        tenant: tenant, ts: now, kind: "telemetry.anomaly", subject: "skill:\(anomaly.skill)", actor: "steward",
                        payload: anomaly.json, configRevision: revision))
                } catch {
                    throw StoreError(.invalid, operation: "record an anomaly of \(anomaly.skill)", reason: error.description)
                }
            }
            reports.drafts.insert(contentsOf: drafts, at: 0)
            _ = try await store.commit(reports)
            for anomaly in receipt.anomalies {
                logger.warning("execution anomaly", metadata: [
                    "tenant": "\(tenant)", "skill": "\(anomaly.skill)", "score": "\(anomaly.score.score)", "dominant": "\(anomaly.score.dominant)",
                ])
            }
        }
        await raiseAlerts(receipt, streakHits: streakHits, shifts: scored.shifts, ran: ran, tenant: tenant, now: now)
        await resolveAlerts(recoveries, ended: scored.ended, shifts: scored.shifts, tenant: tenant, now: now)
        return receipt
    }

    /// Stores `rows` with the ledger entry vouching for them (`digest`: their bodies, each
    /// followed by a newline); the entry's sequence number.
    func commit(
        _ rows: [ExecutionRow], of records: [SkillExecution], digest: [UInt8], tenant: String, actor: String, now: Timestamp
    ) async throws(StoreError) -> (seq: Int64?, crossings: [(kind: String, status: QuotaStatus)]) {
        let skills = Set(rows.map(\.skill)).sorted()
        let draft: LedgerDraft
        do {
            draft = try LedgerDraft(
                tenant: tenant, ts: now, kind: "executions.ingested", subject: skills.count == 1 ? "skill:\(skills[0])" : "skills", actor: actor,
                payload: [
                    "count": .int(Int64(rows.count)), "sha256": .string(Digest.sha256Hex(digest)),
                    "first": .string(rows[0].id), "last": .string(rows[rows.count - 1].id),
                    "skills": .array(skills.prefix(50).map(JSONValue.string)),
                ], configRevision: revision)
        } catch {
            throw StoreError(.invalid, operation: "record executions", reason: error.description)
        }
        var commit = StoreCommit(drafts: [draft])
        commit.executions = rows
        let crossings = try await countQuotas(records, into: &commit, tenant: tenant, now: now)
        return (try await store.commit(commit).seals.first?.seq, crossings)
    }

    /// Checks and prices a batch without storing anything (`dryRun`): every record is answered
    /// as ingest would, except that duplicates of stored records are not looked for.
    public func check(items: [Result<JSONSlots, FieldProblem>]) -> Receipt {
        let (receipt, fresh) = check(items: items, now: clock.now())
        var answer = receipt
        answer.accepted = fresh.map { ($0.index, $0.record.executionID, $0.record.costUSD, $0.warnings) }
        return answer
    }

    func check(items: [Result<JSONSlots, FieldProblem>], now: Timestamp) -> (Receipt, [(index: Int, record: SkillExecution, warnings: [FieldProblem])]) {
        var receipt = Receipt()
        var fresh: [(index: Int, record: SkillExecution, warnings: [FieldProblem])] = []
        var seen: [String: Int] = [:]  // id → its record's place in `fresh`
        let registered = Set(settings.skills)
        for (index, item) in items.enumerated() {
            let fields: JSONSlots
            switch item {
            case .success(let parsed): fields = parsed
            case .failure(let problem):
                receipt.refused.append((index, [FieldProblem(field: "", reason: problem.reason)]))
                continue
            }
            switch ExecutionCheck.read(fields, now: now, maxFutureSkewSeconds: settings.maxFutureSkewSeconds, prices: prices) {
            case .refused(let problems):
                receipt.refused.append((index, problems))
            case .accepted(let record, let warnings):
                if !registered.isEmpty && settings.unknownSkills == .refuse && !registered.contains(record.skillName) {
                    receipt.refused.append((index, [FieldProblem(
                        field: "skill_name", reason: "'\(record.skillName)' is not a registered skill (telemetry.skills)")]))
                } else if let first = seen[record.executionID] {
                    receipt.duplicates.append((index, record.executionID, record.differences(from: fresh[first].record)))
                } else {
                    seen[record.executionID] = fresh.count
                    fresh.append((index, record, warnings))
                }
            }
        }
        return (receipt, fresh)
    }

    /// What scoring a batch found: the anomalies to report, the reported episodes it ended, and
    /// the aggregate shifts (``RecentExecutions``) it started or ended.
    struct Scored: Sendable {
        var reported: [ReportedAnomaly] = []
        var ended: [EndedEpisode] = []
        var shifts: [Shift] = []
    }

    /// Scores each record (in the order they ran) against its skill's baseline, applies the
    /// persistence rule and follows each skill's recent executions.
    func score(_ records: [SkillExecution], tenant: String, now: Timestamp) async -> Scored {
        var baselines: [String: SkillBaseline?] = [:]
        var observed: [AnomalyWindows.Observation] = []
        observed.reserveCapacity(records.count)
        for record in records {
            if baselines[record.skillName] == nil {
                baselines[record.skillName] = .some(try? await book.baseline(tenant: tenant, skill: record.skillName, now: now))
            }
            let baseline = baselines[record.skillName] ?? nil
            let score = baseline.map { AnomalyScore.of(record, against: $0, threshold: settings.anomaly.threshold) }
            observed.append(.init(record: record, baseline: baseline, score: score))
        }
        guard !observed.isEmpty else { return Scored() }
        // The whole batch through the skills' windows in one visit, in order.
        let found = await windows.observe(tenant: tenant, observed, settings: settings.anomaly)
        var scored = Scored()
        for fired in found.fired {
            let item = observed[fired.index]
            guard let baseline = item.baseline, let score = item.score else { continue }
            scored.reported.append(ReportedAnomaly(
                skill: item.record.skillName, metric: fired.metric, executionID: item.record.executionID, at: item.record.end, score: score,
                anomalousOfWindow: fired.window.anomalousCount, window: settings.anomaly.window, baselineComputedAt: baseline.computedAt,
                peakOverBaseline: fired.peak))
        }
        scored.ended = found.ended.map { EndedEpisode(skill: observed[$0.index].record.skillName, metric: $0.metric, executionID: observed[$0.index].record.executionID) }
        scored.shifts = found.shifts.map { Shift(skill: observed[$0.index].record.skillName, executionID: observed[$0.index].record.executionID, change: $0.change) }
        return scored
    }
}

/// An anomaly the persistence rule let through: the execution that completed the pattern, its
/// score, and how many of the window's executions were anomalous.
public struct ReportedAnomaly: Sendable, Hashable {
    public var skill: String
    /// The metric whose persistence window fired (one of ``AnomalyScore/metrics``).
    public var metric: String
    public var executionID: String
    public var at: Timestamp
    public var score: AnomalyScore
    public var anomalousOfWindow: Int
    public var window: Int
    public var baselineComputedAt: Timestamp
    /// For a latency or cost episode: the worst of the window's executions over the baseline (p95
    /// latency or mean cost), which the alert table's "2x baseline" is judged by.
    public var peakOverBaseline: Double?

    /// Its ledger payload and API form.
    public var json: JSONValue {
        var deviations: [String: JSONValue] = [
            "successZ": .double(score.successZ), "latencyPercentile": .double(Percent.reported(score.latencyPercentile)), "latencyZ": .double(score.latencyZ),
        ]
        if let cost = score.costZ { deviations["costZ"] = .double(cost) }
        if let quota = score.quotaRateZ { deviations["quotaRateZ"] = .double(quota) }
        if let ratio = score.latencyOverP95 { deviations["latencyOverP95"] = .double((ratio * 100).rounded() / 100) }
        if let ratio = score.costOverMean { deviations["costOverMean"] = .double((ratio * 100).rounded() / 100) }
        return [
            "skill": .string(skill), "metric": .string(metric), "executionId": .string(executionID), "at": .string(at.rfc3339), "score": .double(score.score),
            "dominant": .string(score.dominant), "deviations": .object(deviations), "anomalousOfWindow": .int(Int64(anomalousOfWindow)),
            "window": .int(Int64(window)), "baselineComputedAt": .string(baselineComputedAt.rfc3339),
        ]
    }
}
